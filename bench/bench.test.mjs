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

  it('--kernels: GFLOP/s of the three products in float64 and float32 on the workloads\' shapes, and the f32x4 peak', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'bench.mjs'), '--kernels', '--smoke', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const [peak, ...rows] = JSON.parse(r.stdout);
    expect(peak.kernel).toBe('peak');
    expect(peak.gflops).toBeGreaterThan(0);
    // W4's two big layers at batch 128 and W5's at 64 are among the shapes, each with all six kernels
    for (const [workload, batch, inputs, out] of [['W4', 128, 784, 512], ['W4', 128, 512, 256], ['W5', 64, 400, 260]]) {
      const of = rows.filter((x) => x.workload === workload && x.batch === batch && x.in === inputs && x.out === out);
      expect(of.map((x) => `${x.precision} ${x.kernel}`).sort()).toEqual(['f32 NN', 'f32 NT', 'f32 TN', 'f64 NN', 'f64 NT', 'f64 TN']);
      const nt = of.find((x) => x.kernel === 'NT');
      expect([nt.m, nt.k, nt.n]).toEqual([batch, inputs, out]); // Z = X·Wᵀ
      const tn = of.find((x) => x.kernel === 'TN');
      expect([tn.m, tn.k, tn.n]).toEqual([out, batch, inputs]); // dW = dZᵀ·X
    }
    for (const row of rows) {
      expect(row.gflops).toBeGreaterThan(0);
      expect(row.runs).toHaveLength(2);
      expect(row.peakShare).toBeGreaterThan(0);
      expect(Number.isFinite(row.peakShare)).toBe(true);
    }
  });

  it('--precision float32,float64: both precisions of a workload side by side, with the speed-up', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'bench.mjs'), 'W4s', 'W5', '--smoke', '--json', '--precision', 'float32,float64'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows.map((row) => `${row.workload} ${row.precision}`)).toEqual(['W4s float32', 'W4s float64', 'W5 float32', 'W5 float64']);
    for (const row of rows) {
      expect(row.samplesPerSecond).toBeGreaterThan(0);
      if (row.precision === 'float32') {
        const f64 = rows.find((x) => x.workload === row.workload && x.precision === 'float64');
        expect(row.speedupOverFloat64).toBeCloseTo(row.samplesPerSecond / f64.samplesPerSecond, 9);
      }
    }
    const bad = spawnSync(process.execPath, [join(ROOT, 'bench', 'bench.mjs'), '--precision', 'float16'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--precision is float32, float64 or both');
  });

  it('rejects an unknown argument with a message and a non-zero exit', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'bench.mjs'), '--nope'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('unknown argument --nope');
  });
});
