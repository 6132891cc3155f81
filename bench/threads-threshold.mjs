#!/usr/bin/env node
// Where splitting a matrix product over 2 threads starts to pay: times each of the three products
// (gemmNT forward, gemmNN and gemmTN backward) at several sizes with 1 thread and with 2 threads
// (the split forced, whatever the size), interleaved, medians of several runs.
//
// Usage: node bench/threads-threshold.mjs [--runs N] [--w4] [--float32]
//   --w4: the layer shapes of W4, W4s, W5, W3b; --float32: float32 matrices (the f32x4 kernels)
// Prints m×k×n, the multiply-adds per thread, µs per product for 1 and 2 threads, and the ratio.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../scripts/setup.mjs';

const dist = (p) => import(pathToFileURL(join(ROOT, 'packages', 'core', 'dist', p)).href);
const core = await dist('index.js');
const { setMinWorkPerThread } = await dist('tensor/wasm/pool.js');
const { Matrix, gemmNT, gemmNN, gemmTN, allocF64, allocF32 } = core;
const alloc = process.argv.includes('--float32') ? allocF32 : allocF64;

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const filled = (r, c) => {
  const d = alloc(r * c);
  for (let i = 0; i < d.length; i++) d[i] = Math.sin(i);
  return new Matrix(r, c, d);
};

core.setThreads(2);
await core.threadsReady();
setMinWorkPerThread(0);
const shapes = process.argv.includes('--w4') ? [[128, 784, 512], [128, 512, 256], [128, 256, 2], [32, 784, 512], [32, 512, 256], [64, 400, 260], [8, 400, 260]] : [[4, 64, 64], [16, 64, 64], [32, 128, 64], [32, 128, 128], [64, 128, 128], [64, 256, 128], [128, 256, 256], [128, 512, 256], [128, 784, 512]];
console.log('product   m×k×n            work/thread   1 thread µs   2 threads µs   ratio   (best of runs: 1 / 2 threads, ratio)');
for (const [m, k, n] of shapes) {
  const cases = {
    NT: [filled(m, k), filled(n, k), filled(m, n), gemmNT],
    NN: [filled(m, k), filled(k, n), filled(m, n), gemmNN],
    TN: [filled(k, m), filled(k, n), filled(m, n), gemmTN],
  };
  for (const [name, [a, b, c, f]] of Object.entries(cases)) {
    const reps = Math.max(3, Math.round(3e7 / (m * n * k)));
    const t = { 1: [], 2: [] };
    for (let r = 0; r < runs; r++) {
      for (const threads of [1, 2]) {
        core.setThreads(threads);
        if (threads === 2) await core.threadsReady();
        for (let i = 0; i < 3; i++) f(a, b, c); // warm (and the worker spinning)
        const t0 = performance.now();
        for (let i = 0; i < reps; i++) f(a, b, c);
        t[threads].push(((performance.now() - t0) * 1000) / reps);
      }
    }
    const t1 = median(t[1]), t2 = median(t[2]);
    const b1 = Math.min(...t[1]), b2 = Math.min(...t[2]);
    console.log(`${name.padEnd(9)} ${`${m}×${k}×${n}`.padEnd(16)} ${String((m * n * k) / 2).padStart(11)}   ${t1.toFixed(1).padStart(11)}   ${t2.toFixed(1).padStart(12)}   ${(t1 / t2).toFixed(2).padStart(5)}   (${b1.toFixed(1)} / ${b2.toFixed(1)}, ${(b1 / b2).toFixed(2)})`);
  }
}
core.setThreads(1);
