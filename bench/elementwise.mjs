#!/usr/bin/env node
// The per-element work of a dense training step, plain TypeScript loop against the WebAssembly
// kernels (core's tensor/wasm/elementwise-wasm.ts), in µs per call, at the batch shapes of a
// 35-128-64-32-2 autoencoder with batch 96 (96×128 and 96×35), float64 and float32:
//
//   fillRows + columnSums (a layer's bias in, its gradient out), ReLU forward and backward,
//   logistic and tanh forward and backward, the BCE value and gradient, the MSE value and gradient.
//
// The plain route runs on heap arrays, the wasm route on the same values in arena arrays (the
// same functions: each picks its route by where the arrays live). Medians over --runs timed runs
// (default 15) of about --ms milliseconds each (default 20). Uses the built packages (dist).
//
// Each precision runs in its own Node process, so the plain loops are compiled for one element
// type, as in a training run (one function fed both types gets slower machine code).
//
// Usage: node bench/elementwise.mjs [--runs N] [--ms T] [--precision float64|float32]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureReady } from '../scripts/setup.mjs';

ensureReady({ quiet: true });
const only = process.argv.includes('--precision') ? process.argv[process.argv.indexOf('--precision') + 1] : undefined;
if (only === undefined) {
  const args = process.argv.slice(2);
  console.log('shape\tprecision\top\tjs µs\twasm µs\tjs/wasm');
  for (const precision of ['float64', 'float32']) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args, '--precision', precision], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}
const load = (pkg) => import(pathToFileURL(join(ROOT, 'packages', pkg, 'dist', 'index.js')).href);
const core = await load('core');
const layers = await load('layers');
const { Matrix, wasmArena, fillRows, columnSums, elementwiseCalls } = core;
const { Relu, Logistic, Tanh, BinaryCrossEntropy, MeanSquaredError } = layers;

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = arg('--runs', 15), MS = arg('--ms', 20); // medians of RUNS runs of about MS ms
const arena = wasmArena();
if (arena === undefined) throw new Error('no wasm arena here (SIA_WASM=0, or no WebAssembly SIMD)');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

let seed = 12345;
const uniform = () => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};

/** µs per call of `f`: median over RUNS runs, each sized to about MS ms. */
function time(f) {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    const dt = performance.now() - t0;
    if (dt > MS / 4) {
      reps = Math.max(1, Math.round((reps * MS) / dt));
      break;
    }
    reps *= 2;
  }
  const per = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    per.push(((performance.now() - t0) * 1000) / reps);
  }
  return median(per);
}

/** Matrices of one route: `where` 'js' (heap) or 'wasm' (arena). */
function matrices(where, C, rows, cols) {
  const make = (fill) => {
    const n = rows * cols;
    const data = where === 'js' ? new C(n) : C === Float64Array ? arena.alloc(n) : arena.allocF32(n);
    for (let i = 0; i < n; i++) data[i] = fill();
    return new Matrix(rows, cols, data);
  };
  const vec = (fill) => {
    const data = where === 'js' ? new C(cols) : C === Float64Array ? arena.alloc(cols) : arena.allocF32(cols);
    for (let i = 0; i < cols; i++) data[i] = fill();
    return data;
  };
  return {
    z: make(() => uniform() * 4 - 2),
    y: make(() => uniform()),
    dy: make(() => uniform() * 2 - 1),
    out: make(() => 0),
    t: make(() => (uniform() < 0.5 ? 0 : 1)),
    bias: vec(() => uniform() - 0.5),
    sums: vec(() => 0),
  };
}

const relu = new Relu(), logistic = new Logistic(0.5), tanh = new Tanh(), bce = new BinaryCrossEntropy('mean'), mse = new MeanSquaredError('mean');
const OPS = [
  ['fillRows', (m) => fillRows(m.out, m.bias)],
  ['columnSums', (m) => columnSums(m.dy, m.sums)],
  ['relu forward', (m) => relu.forward(m.z, m.out)],
  ['relu backward', (m) => relu.backward(m.z, m.y, m.dy, m.out)],
  ['logistic forward', (m) => logistic.forward(m.z, m.out)],
  ['tanh forward', (m) => tanh.forward(m.z, m.out)],
  ['logistic backward', (m) => logistic.backward(m.z, m.y, m.dy, m.out)],
  ['tanh backward', (m) => tanh.backward(m.z, m.y, m.dy, m.out)],
  ['bce value', (m) => bce.value(m.y, m.t)],
  ['bce gradient', (m) => bce.gradient(m.y, m.t, m.out)],
  ['mse value', (m) => mse.value(m.y, m.t)],
  ['mse gradient', (m) => mse.gradient(m.y, m.t, m.out)],
];

for (const [rows, cols] of [[96, 128], [96, 35]]) {
  for (const [precision, C] of [['float64', Float64Array], ['float32', Float32Array]].filter(([p]) => p === only)) {
    const js = matrices('js', C, rows, cols), wasm = matrices('wasm', C, rows, cols);
    for (const [name, op] of OPS) {
      const before = elementwiseCalls();
      op(wasm);
      if (elementwiseCalls() === before) throw new Error(`${name}: the wasm route was not taken`);
      // Interleaved: the two routes share whatever the machine is doing at the time.
      const a = [], b = [];
      for (let k = 0; k < 3; k++) {
        a.push(time(() => op(js)));
        b.push(time(() => op(wasm)));
      }
      const tj = median(a), tw = median(b);
      console.log([`${rows}x${cols}`, precision, name, tj.toFixed(2), tw.toFixed(2), (tj / tw).toFixed(1)].join('\t'));
    }
  }
}
