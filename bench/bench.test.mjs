import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

describe('npm run bench (smoke: tiny runs, no PyTorch)', () => {
  it('runs the nine workloads through the built packages and prints the JSON list', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'bench.mjs'), '--smoke', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0); // stderr may say that set-up rebuilt the packages first
    const rows = JSON.parse(r.stdout);
    expect(rows.map((row) => row.workload)).toEqual(['W1', 'W1o', 'W2', 'W3', 'W3b', 'W3c', 'W4', 'W4s', 'W5']);
    for (const row of rows) {
      expect(row.samplesPerSecond).toBeGreaterThan(0);
      // GFLOP/s = 6 x weights x samples/s; W1's net has 35·16+16·8+8·2+2·8+8·16+16·35 = 1408 weights.
      if (row.workload === 'W1') expect(row.gflops).toBeCloseTo((6 * 1408 * row.samplesPerSecond) / 1e9, 9);
      expect(row.peakMemoryMB).toBeGreaterThan(10);
      expect(row.peakMemoryMB4x).toBeGreaterThanOrEqual(row.peakMemoryMB);
    }
  });

  it('rejects an unknown argument with a message and a non-zero exit', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'bench.mjs'), '--nope'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('unknown argument --nope');
  });
});
