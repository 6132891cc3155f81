import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAIN, ROOT, tempDir } from './sia.js';

/**
 * Issue 10, item 3: a run killed outright (kill -9) at any moment leaves only whole files under
 * their final names: every JSON parses, every PNG ends with its IEND chunk, every safetensors file
 * holds the bytes its header promises, every page ends with </html>, the resolved pipeline parses.
 */
const tmp = tempDir('sia-kill-');
afterAll(tmp.remove);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

/** Why `file` is not whole, or undefined; files of other kinds (temporary names) are skipped. */
function damage(file: string): string | undefined {
  const bytes = readFileSync(file);
  if (file.endsWith('.json')) {
    try {
      JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      return `not whole JSON: ${(e as Error).message}`;
    }
  } else if (file.endsWith('.png')) {
    if (bytes.length < 20 || bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1') !== 'IEND') return 'a PNG without its IEND chunk at the end';
  } else if (file.endsWith('.safetensors')) {
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { data_offsets?: [number, number] }>;
    const end = Math.max(...Object.values(header).map((t) => t.data_offsets?.[1] ?? 0));
    if (bytes.length !== 8 + n + end) return `${bytes.length} bytes where the header promises ${8 + n + end}`;
  } else if (file.endsWith('.html')) {
    if (!bytes.toString('utf8').trimEnd().endsWith('</html>')) return 'a page cut short';
  } else if (file.endsWith('.yaml')) {
    try {
      parse(bytes.toString('utf8'));
    } catch (e) {
      return `not whole YAML: ${(e as Error).message}`;
    }
  }
  return undefined;
}

describe('a run killed at random moments', () => {
  it('leaves every file present whole', async () => {
    // Moments spread over the run: start-up, training, the samplers, the end.
    const delays = [150, 400, 700, 1000, 1300, 1700, 2200, 2800];
    let checked = 0;
    for (const [i, ms] of delays.entries()) {
      const out = join(tmp.dir, `run-${i}`);
      const child = spawn(process.execPath, [MAIN, 'run', join(ROOT, 'pipelines', 'vae-emoji.yaml'), '--out', out, '--quiet', '--no-cache'], { cwd: tmp.dir, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await new Promise((done) => child.on('close', done));
      clearTimeout(timer);
      let present: string[] = [];
      try {
        if (statSync(out).isDirectory()) present = files(out);
      } catch {
        // killed before the folder was made
      }
      for (const f of present) {
        expect(damage(f), `${relative(tmp.dir, f)} after a kill at ${ms} ms`).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10); // the kills did land while files were being written
  }, 120_000);
});
