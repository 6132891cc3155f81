import { describe, it, expect } from 'vitest';
import { Matrix, elementwiseCalls, wasmArena } from '@sia/core';
import { Logistic } from './activations/logistic.js';
import { Relu } from './activations/relu.js';
import { Tanh } from './activations/tanh.js';
import { BinaryCrossEntropy } from './losses/bce.js';
import { MeanSquaredError } from './losses/mse.js';

// The per-element WebAssembly route (core's `elementwise-wasm.ts`) against the plain loops of
// the activations and losses: arrays in the arena take the kernels, heap copies the loops, and
// the outputs must be the same bytes (NaN compared as NaN: which NaN an operation on two NaNs
// returns is the engine's choice in JavaScript too).

const arena = wasmArena()!;
type F = Float64Array | Float32Array;
type Ctor = Float64ArrayConstructor | Float32ArrayConstructor;

function rng(seed: number): () => number {
  let x = (seed * 0x9e3779b9) >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

const ODD = [0, -0, Infinity, -Infinity, NaN, 1e-310, -1e-310, 1e-45, 1, -1, 1e300];

/** n values from `pick`, with about 10 % of the awkward ones when `specials`. */
function values(n: number, seed: number, specials: boolean, pick: (u: () => number) => number): number[] {
  const u = rng(seed);
  return Array.from({ length: n }, () => (specials && u() < 0.1 ? ODD[Math.floor(u() * ODD.length)]! : pick(u)));
}
const wide = (u: () => number): number => (u() * 2 - 1) * 10 ** Math.floor(u() * 6 - 3);
const unit = (u: () => number): number => (u() < 0.05 ? Math.floor(u() * 2) : u() < 0.05 ? u() * 1e-8 : u() < 0.05 ? 1 - u() * 1e-8 : u());
const targets = (u: () => number): number => (u() < 0.4 ? 0 : u() < 0.67 ? 1 : u());

const arenaArray = (C: Ctor, xs: readonly number[]): F => {
  const a = C === Float64Array ? arena.alloc(xs.length) : arena.allocF32(xs.length);
  a.set(xs);
  return a;
};
const mat = (data: F, cols: number): Matrix => new Matrix(data.length / cols, cols, data as Float64Array);
const bytes = (a: F): Array<string | number[]> =>
  Array.from(a, (v, i) => (Number.isNaN(v) ? 'NaN' : Array.from(new Uint8Array(a.buffer, a.byteOffset + i * a.BYTES_PER_ELEMENT, a.BYTES_PER_ELEMENT))));

// Shapes with tails past the lanes (odd lengths, lengths below 4), the benchmark's, and empty.
const SHAPES: Array<[number, number]> = [[96, 128], [96, 35], [1, 1], [1, 2], [1, 3], [5, 1], [7, 1], [3, 5], [13, 9], [0, 4]];
const PRECISIONS = [['float64', Float64Array], ['float32', Float32Array]] as const;

/**
 * Runs `run` on arena arrays and on heap copies of the same inputs (then `outputs` arrays) and
 * compares the outputs' bytes; the arena run must have called one kernel, the heap run none.
 */
function compare(C: Ctor, inputs: readonly number[][], outputs: number, run: (arrays: F[]) => void): void {
  const n = inputs[0]!.length;
  const a = [...inputs.map((xs) => arenaArray(C, xs)), ...Array.from({ length: outputs }, () => arenaArray(C, new Array<number>(n).fill(7)))];
  const h = [...inputs.map((xs) => new C(xs)), ...Array.from({ length: outputs }, () => new C(n).fill(7))];
  const before = elementwiseCalls();
  run(a);
  expect(elementwiseCalls()).toBe(before + 1); // the kernel ran (a skipped route would fail here)
  run(h);
  expect(elementwiseCalls()).toBe(before + 1); // heap arrays: the plain loop
  for (let i = inputs.length; i < a.length; i++) expect(bytes(a[i]!)).toEqual(bytes(h[i]!));
}

describe('activations and losses: the wasm route gives the plain route\'s bytes', () => {
  for (const [kind, C] of PRECISIONS) {
    it(`relu forward and backward, plain and leaky (${kind})`, () => {
      for (const [rows, cols] of SHAPES) {
        for (const slope of [0, 0.01, 0.3]) {
          const act = new Relu(slope), n = rows * cols;
          const z = values(n, rows + cols, true, wide), dy = values(n, rows * cols + 1, true, wide);
          compare(C, [z], 1, ([Z, Y]) => act.forward(mat(Z!, cols), mat(Y!, cols)));
          compare(C, [z, dy], 1, ([Z, G, D]) => act.backward(mat(Z!, cols), mat(Z!, cols), mat(G!, cols), mat(D!, cols)));
        }
      }
      // −0 never comes out of the plain ReLU: a·z + 0 with a = 0 is +0 for every z ≤ 0.
      const y = arenaArray(C, [0, 0, 0, 0, 0]);
      new Relu(0).forward(mat(arenaArray(C, [-0, -1, -1e-300, 0, -5]), 5), mat(y, 5));
      expect(Array.from(y, (v) => Object.is(v, 0))).toEqual([true, true, true, true, true]);
    });

    it(`logistic and tanh forward (${kind})`, () => {
      const big = (u: () => number): number => (u() < 0.5 ? wide(u) : (u() * 2 - 1) * 400); // reaches both ends of exp's range
      for (const [rows, cols] of SHAPES) {
        for (const beta of [1, 0.5, 0.7]) {
          const z = values(rows * cols, rows + 5 * cols, true, big);
          const logistic = new Logistic(beta), tanh = new Tanh(beta);
          compare(C, [z], 1, ([Z, Y]) => logistic.forward(mat(Z!, cols), mat(Y!, cols)));
          compare(C, [z], 1, ([Z, Y]) => tanh.forward(mat(Z!, cols), mat(Y!, cols)));
        }
      }
    });

    it(`logistic and tanh backward (${kind})`, () => {
      for (const [rows, cols] of SHAPES) {
        for (const beta of [1, 0.5, 0.7]) {
          const n = rows * cols;
          const y = values(n, rows + 2 * cols, true, unit), dy = values(n, rows + 3 * cols, true, wide);
          const logistic = new Logistic(beta), tanh = new Tanh(beta);
          compare(C, [y, dy], 1, ([Y, G, D]) => logistic.backward(mat(Y!, cols), mat(Y!, cols), mat(G!, cols), mat(D!, cols)));
          compare(C, [y.map((v) => 2 * v - 1), dy], 1, ([Y, G, D]) => tanh.backward(mat(Y!, cols), mat(Y!, cols), mat(G!, cols), mat(D!, cols)));
        }
      }
    });

    it(`BCE and MSE gradients and values (${kind}; float32 also with a float64 target)`, () => {
      for (const [rows, cols] of SHAPES) {
        for (const specials of [false, true]) {
          for (const [eps, reduction] of [[1e-7, 'mean'], [1e-3, 'sum']] as const) {
            const n = rows * cols;
            const p = values(n, rows * 7 + cols, specials, unit), t = values(n, rows * 5 + cols, specials, targets);
            const bce = new BinaryCrossEntropy(reduction, eps), mse = new MeanSquaredError(reduction);
            compare(C, [p, t], 1, ([P, T, G]) => bce.gradient(mat(P!, cols), mat(T!, cols), mat(G!, cols)));
            compare(C, [p, t], 1, ([P, T, G]) => mse.gradient(mat(P!, cols), mat(T!, cols), mat(G!, cols)));
            // The values: the same numbers, bit for bit (finite unless a special made them NaN).
            for (const loss of [bce, mse]) {
              const before = elementwiseCalls();
              const wasmValue = loss.value(mat(arenaArray(C, p), cols), mat(arenaArray(C, t), cols));
              expect(elementwiseCalls()).toBe(before + 1);
              const plainValue = loss.value(mat(new C(p), cols), mat(new C(t), cols));
              expect(Object.is(wasmValue, plainValue)).toBe(true);
              if (!specials && n > 0) expect(Number.isFinite(wasmValue) && wasmValue > 0).toBe(true);
            }
            if (C === Float32Array) {
              // A float32 network's output against a float64 target batch.
              const P = mat(arenaArray(C, p), cols), T64 = mat(arenaArray(Float64Array, t), cols);
              const G = mat(arenaArray(C, new Array<number>(n).fill(0)), cols), Gh = mat(new C(n), cols);
              const b0 = elementwiseCalls();
              bce.gradient(P, T64, G);
              const v = bce.value(P, T64), vm = mse.value(P, T64);
              expect(elementwiseCalls()).toBe(b0 + 3);
              expect(Object.is(vm, mse.value(mat(new C(p), cols), mat(Float64Array.from(t), cols)))).toBe(true);
              bce.gradient(mat(new C(p), cols), mat(Float64Array.from(t), cols), Gh);
              expect(bytes(G.data)).toEqual(bytes(Gh.data));
              expect(Object.is(v, bce.value(mat(new C(p), cols), mat(Float64Array.from(t), cols)))).toBe(true);
            }
          }
        }
      }
    });
  }

  it('mixed arena and heap arrays take the plain loop', () => {
    const before = elementwiseCalls();
    const z = mat(arena.alloc(6).fill(-1), 3), y = mat(new Float64Array(6), 3);
    new Relu(0.5).forward(z, y);
    expect(Array.from(y.data)).toEqual([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5]);
    const p = mat(arena.alloc(6).fill(0.5), 3), t = mat(new Float64Array(6).fill(1), 3);
    expect(new BinaryCrossEntropy('sum').value(p, t)).toBeCloseTo(3 * Math.LN2, 14);
    expect(elementwiseCalls()).toBe(before);
  });
});
