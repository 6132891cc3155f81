import { describe, it, expect } from 'vitest';
import { Matrix } from '../matrix.js';
import { gemmNN, gemmNT, gemmTN } from '../gemm.js';
import { gemmNNReference, gemmNTReference, gemmTNReference } from '../reference.js';
import { kernelModuleBytes } from './kernels.js';
import { wasmArena } from './arena.js';

const arena = wasmArena();

/** Deterministic pseudo-random values in about [-1, 1] (tensor may not import rng: the arrows). */
function createRng(seed: number): { normal(): number; uniform(): number } {
  let x = seed * 0x9e3779b9 >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
  return { uniform: next, normal: () => 2 * next() - 1 };
}

/** A matrix in the arena (or on the heap), filled from the generator. */
function filled(rows: number, cols: number, seed: number, inArena: boolean): Matrix {
  const data = inArena ? arena!.alloc(rows * cols) : new Float64Array(rows * cols);
  const rng = createRng(seed);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return new Matrix(rows, cols, data);
}

describe('wasm kernels', () => {
  it('the emitted module is valid WebAssembly and the arena is there on Node >= 20 (SIMD is on)', () => {
    // `lib` does not declare WebAssembly (no DOM types): reach it through globalThis.
    const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(kernelModuleBytes(65536))).toBe(true);
    expect(arena).toBeDefined();
  });

  it('arena arrays are zeroed Float64Arrays the kernels can see; heap arrays are not', () => {
    const a = arena!.alloc(5);
    expect(a).toBeInstanceOf(Float64Array);
    expect(Array.from(a)).toEqual([0, 0, 0, 0, 0]);
    expect(a.byteOffset % 16).toBe(0);
    expect(arena!.owns(a)).toBe(true);
    expect(arena!.owns(new Float64Array(5))).toBe(false);
    // Growing the memory keeps earlier views valid (shared memory is never detached).
    a[4] = 7;
    const big = arena!.alloc(4_000_000);
    big[big.length - 1] = 1;
    expect(a[4]).toBe(7);
    expect(arena!.owns(big)).toBe(true);
  });

  // Sizes with row and column tails (m, n not multiples of 4), batch of one, and k = 1.
  const shapes: Array<[number, number, number]> = [[1, 35, 16], [1, 400, 260], [8, 64, 128], [7, 13, 5], [32, 4, 9], [5, 6, 1], [3, 3, 4], [9, 25, 35], [4, 2, 64], [6, 17, 8], [2, 5, 2], [5, 4, 3], [4, 9, 7], [1, 25, 2], [6, 3, 14]];

  /** A heap copy: the plain TypeScript kernels run on it. */
  const heap = (m: Matrix): Matrix => new Matrix(m.rows, m.cols, Float64Array.from(m.data));

  it('gemmNN, gemmTN and gemmNT in the arena give the same bits as the plain kernels (and the reference loops)', () => {
    for (const [m, k, n] of shapes) {
      for (const accumulate of [false, true]) {
        // C = A·B with A: m×k, B: k×n.
        const a = filled(m, k, 1, true), b = filled(k, n, 2, true);
        const c = filled(m, n, 3, true), plain = heap(c), ref = heap(c);
        gemmNN(a, b, c, accumulate);
        gemmNN(heap(a), heap(b), plain, accumulate);
        gemmNNReference(a, b, ref, accumulate);
        expect(Array.from(c.data)).toEqual(Array.from(plain.data));
        // The reference adds C after summing (another order): equal bits only when not accumulating.
        if (!accumulate) expect(Array.from(c.data)).toEqual(Array.from(ref.data));
        else for (let i = 0; i < c.data.length; i++) expect(c.data[i]).toBeCloseTo(ref.data[i]!, 12);
        // C = Aᵀ·B with A: k×m.
        const at = filled(k, m, 4, true);
        const c2 = filled(m, n, 5, true), plain2 = heap(c2), ref2 = heap(c2);
        gemmTN(at, b, c2, accumulate);
        gemmTN(heap(at), heap(b), plain2, accumulate);
        gemmTNReference(at, b, ref2, accumulate);
        expect(Array.from(c2.data)).toEqual(Array.from(plain2.data));
        if (!accumulate) expect(Array.from(c2.data)).toEqual(Array.from(ref2.data));
        else for (let i = 0; i < c2.data.length; i++) expect(c2.data[i]).toBeCloseTo(ref2.data[i]!, 12);
        // C = A·Bᵀ with B: n×k (the forward product).
        const bt = filled(n, k, 6, true);
        const c3 = filled(m, n, 7, true), plain3 = heap(c3), ref3 = heap(c3);
        gemmNT(a, bt, c3, accumulate);
        gemmNT(heap(a), heap(bt), plain3, accumulate);
        gemmNTReference(a, bt, ref3, accumulate);
        expect(Array.from(c3.data)).toEqual(Array.from(plain3.data));
        if (!accumulate) expect(Array.from(c3.data)).toEqual(Array.from(ref3.data));
        else for (let i = 0; i < c3.data.length; i++) expect(c3.data[i]).toBeCloseTo(ref3.data[i]!, 12);
      }
    }
  });

  it('mixing arena and heap matrices takes the plain route, with the same results', () => {
    const a = filled(4, 6, 1, false), b = filled(6, 8, 2, true), c = new Matrix(4, 8), ref = new Matrix(4, 8);
    gemmNN(a, b, c);
    gemmNNReference(a, b, ref);
    expect(Array.from(c.data)).toEqual(Array.from(ref.data));
    const x = filled(2, 6, 3, true), w = filled(8, 6, 4, true), z = filled(2, 8, 5, true), zr = new Matrix(2, 8);
    gemmNT(x, w, z);
    gemmNT(filled(2, 6, 3, false), filled(8, 6, 4, false), zr);
    expect(Array.from(z.data)).toEqual(Array.from(zr.data));
  });

  it('the Adam kernel gives the same bits as the scalar update', () => {
    const n = 1001; // odd: the kernel does 1000, the caller the last one
    const even = n & ~1;
    const rng = createRng(9);
    const w = arena!.alloc(n), g = arena!.alloc(n), m = arena!.alloc(n), v = arena!.alloc(n);
    for (let i = 0; i < n; i++) {
      w[i] = rng.normal();
      g[i] = rng.normal() * 0.1;
      m[i] = rng.normal() * 0.01;
      v[i] = rng.uniform() * 0.01;
    }
    const [W, G, M, V] = [w, g, m, v].map((x) => Float64Array.from(x)) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const b1 = 0.9, b2 = 0.999, c1 = 1 - b1, c2 = 1 - b2, s = 1e-3 / (1 - b1 ** 3), k = 1 / Math.sqrt(1 - b2 ** 3), eps = 1e-8;
    arena!.kernels.adam(w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, even, b1, b2, c1, c2, s, k, eps);
    for (let i = 0; i < even; i++) {
      const gi = G[i]!;
      const mi = b1 * M[i]! + c1 * gi;
      const vi = b2 * V[i]! + c2 * gi * gi;
      M[i] = mi;
      V[i] = vi;
      W[i]! -= (s * mi) / (Math.sqrt(vi) * k + eps);
    }
    expect(Array.from(w)).toEqual(Array.from(W));
    expect(Array.from(m)).toEqual(Array.from(M));
    expect(Array.from(v)).toEqual(Array.from(V));
    expect(w[n - 1]).toBe(W[n - 1]); // untouched by the kernel
  });
});
