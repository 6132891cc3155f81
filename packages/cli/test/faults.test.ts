import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, ROOT, sia, tempDir } from './sia.js';

/** Issue 10, item 8: faults that used to end in a stack trace end in a message or quietly. */
const tmp = tempDir('sia-faults-');
afterAll(tmp.remove);

describe('faults around the command', () => {
  it('a reader that goes away (| head) ends the output quietly; the run still finishes its folder, exit 0', async () => {
    const out = join(tmp.dir, 'epipe');
    const child = spawn(process.execPath, [MAIN, 'run', join(ROOT, 'pipelines', 'vae-emoji.yaml'), '--out', out, '--quiet', '--set', 'stages.model.with.epochs=20'], {
      cwd: tmp.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Read the first chunk, then close our end, as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(existsSync(join(out, 'metrics.json'))).toBe(true);
    expect(existsSync(join(out, 'loss', 'loss.png'))).toBe(true);
  }, 60_000);

  it('a plugin module that never finishes loading is named after a time limit, exit 2', async () => {
    writeFileSync(join(tmp.dir, 'hang.mjs'), 'await new Promise(() => setInterval(() => {}, 1000));\nexport default [];\n');
    writeFileSync(join(tmp.dir, 'hang.yaml'), 'name: hang\nplugins: [./hang.mjs]\nstages:\n  a: { uses: dataset/font }\n');
    const started = performance.now();
    const r = await sia(['validate', join(tmp.dir, 'hang.yaml')], { cwd: tmp.dir, env: { SIA_PLUGIN_TIMEOUT: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hang\.yaml:2:11 at plugins\[0\]: plugin module '\.\/hang\.mjs' .* did not finish loading within 1 s/);
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('a model too big for the memory limit is refused by validate, before anything is allocated', async () => {
    const r = await sia(['validate', join(ROOT, 'pipelines', 'ae-letters.yaml'), '--set', 'stages.model.with.encoder=[1000000, 1000000]'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at stages\.model\.with\.encoder: this model would need about [\d.]+ GB \(2,000,078,000,037 parameters, batches of 256\), above the limit of/);
    const small = await sia(['validate', join(ROOT, 'pipelines', 'ae-letters.yaml')], { cwd: tmp.dir, env: { SIA_MEMORY_LIMIT: '0.001' } });
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/ae-letters\.yaml:14:16 at stages\.model\.with\.encoder: .*above the limit of 1\.0 MB \(SIA_MEMORY_LIMIT\)/);
  }, 30_000);
});
