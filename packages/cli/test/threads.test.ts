import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sia } from './sia.js';

const tmp = mkdtempSync(join(tmpdir(), 'sia-threads-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PIPELINE = join(ROOT, 'pipelines', 'vae-emoji.yaml');
/** vae-emoji with a 512-unit first layer (products big enough to split) and few epochs. */
const WIDE = ['--set', 'stages.model.with.encoder=[512,64]', '--set', 'stages.model.with.epochs=30', '--no-cache', '--quiet'];

describe('sia run --threads', () => {
  it('writes the same model, to the byte, with --threads 1, --threads 2 and SIA_THREADS=2', async () => {
    const models: Buffer[] = [];
    for (const [name, args, env] of [['t1', ['--threads', '1'], {}], ['t2', ['--threads', '2'], {}], ['env2', [], { SIA_THREADS: '2' }]] as const) {
      const out = join(tmp, name);
      const r = await sia(['run', PIPELINE, ...WIDE, ...args, '--out', out], { cwd: ROOT, env });
      expect(r.code, r.stderr).toBe(0);
      models.push(readFileSync(join(out, 'model', 'model.safetensors')));
    }
    expect(models[1].equals(models[0])).toBe(true);
    expect(models[2].equals(models[0])).toBe(true);
  }, 120_000);

  it('a bad --threads or SIA_THREADS exits 2 with one message and writes nothing', async () => {
    for (const [args, env, message] of [
      [['--threads', '0'], {}, "sia: --threads expects a whole number from 1 to 256, got '0' [cli/usage]"],
      [['--threads', 'two'], {}, "sia: --threads expects a whole number from 1 to 256, got 'two' [cli/usage]"],
      [[], { SIA_THREADS: '1.5' }, "sia: SIA_THREADS expects a whole number from 1 to 256, got '1.5' [cli/usage]"],
    ] as const) {
      const out = join(tmp, 'bad');
      const r = await sia(['run', PIPELINE, ...args, '--out', out], { cwd: ROOT, env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(message);
      expect(() => readFileSync(join(out, 'run.json'))).toThrow();
    }
    const sweep = await sia(['sweep', PIPELINE, '--axis', 'seed=[1,2]', '--threads', '-1', '--out', join(tmp, 'sweep')], { cwd: ROOT });
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toContain("--threads expects a whole number from 1 to 256, got '-1'");
  });
});
