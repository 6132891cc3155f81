import { describe, it, expect } from 'vitest';
import { Matrix, type FloatArray } from '../matrix.js';
import { columnSums, fillRows } from '../ops.js';
import { logExact } from '../log.js';
import { EXP_PARTS, expFast } from '../exp.js';
import { kernelModuleBytes } from './kernels.js';
import { wasmArena } from './arena.js';
import { elementwiseCalls } from './elementwise-wasm.js';

const arena = wasmArena()!;

/** xorshift32 in [0, 1). */
function rng(seed: number): () => number {
  let x = (seed * 0x9e3779b9) >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

/** Random values with the awkward ones mixed in: ±0, ±Infinity, NaN, tiny and huge magnitudes. */
function values(n: number, seed: number, specials = true): number[] {
  const u = rng(seed);
  const odd = [0, -0, Infinity, -Infinity, NaN, 1e-310, -1e-310, 1e300, -1e300, 1, -1];
  return Array.from({ length: n }, () => (specials && u() < 0.1 ? odd[Math.floor(u() * odd.length)]! : (u() * 2 - 1) * 10 ** Math.floor(u() * 6 - 3)));
}

type Ctor = Float64ArrayConstructor | Float32ArrayConstructor;
const inArena = (C: Ctor, xs: readonly number[]): FloatArray => {
  const a = C === Float64Array ? arena.alloc(xs.length) : arena.allocF32(xs.length);
  a.set(xs);
  return a;
};
/**
 * Each element's bytes, a NaN as the word 'NaN': which NaN an operation on two NaNs returns is up to
 * the engine (the JIT may swap the operands of an add; ECMAScript leaves NaN bits unspecified), so
 * NaN bits are compared as NaN, everything else byte for byte (−0 and +0 differ).
 */
const bytes = (a: FloatArray): Array<string | number[]> =>
  Array.from(a, (v, i) => (Number.isNaN(v) ? 'NaN' : Array.from(new Uint8Array(a.buffer, a.byteOffset + i * a.BYTES_PER_ELEMENT, a.BYTES_PER_ELEMENT))));

describe('per-element wasm kernels', () => {
  it('the module with them is valid WebAssembly', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(kernelModuleBytes(65536))).toBe(true);
  });

  const shapes: Array<[number, number]> = [[96, 128], [96, 35], [1, 1], [3, 1], [1, 7], [5, 2], [7, 3], [4, 17], [9, 33], [2, 64], [0, 5], [13, 9]];

  for (const C of [Float64Array, Float32Array] as const) {
    const kind = C === Float64Array ? 'float64' : 'float32';

    it(`fillRows in the arena gives the plain route's bytes (${kind})`, () => {
      for (const [rows, cols] of shapes) {
        const v = values(cols, rows + 3 * cols);
        const wasmOut = new Matrix(rows, cols, inArena(C, values(rows * cols, 7)));
        const plainOut = new Matrix(rows, cols, new C(values(rows * cols, 7)));
        const before = elementwiseCalls();
        fillRows(wasmOut, inArena(C, v));
        expect(elementwiseCalls()).toBe(before + 1); // the kernel ran
        fillRows(plainOut, new C(v));
        expect(elementwiseCalls()).toBe(before + 1); // heap arrays: the plain loop
        expect(bytes(wasmOut.data)).toEqual(bytes(plainOut.data));
      }
    });

    it(`columnSums in the arena gives the plain route's bytes, with and without accumulating (${kind})`, () => {
      for (const [rows, cols] of shapes) {
        for (const accumulate of [false, true]) {
          for (const specials of [false, true]) {
            const xs = values(rows * cols, rows * 31 + cols, specials), start = values(cols, cols + 5, specials);
            const wasmOut = inArena(C, start), plainOut = new C(start);
            const before = elementwiseCalls();
            columnSums(new Matrix(rows, cols, inArena(C, xs)), wasmOut, accumulate);
            expect(elementwiseCalls()).toBe(before + 1);
            columnSums(new Matrix(rows, cols, new C(xs)), plainOut, accumulate);
            expect(bytes(wasmOut)).toEqual(bytes(plainOut));
          }
        }
      }
    });
  }

  it('mixed arena and heap, or mixed element types, take the plain loop', () => {
    const before = elementwiseCalls();
    const m = new Matrix(3, 5, arena.alloc(15)), heapV = Float64Array.of(1, 2, 3, 4, 5);
    fillRows(m, heapV);
    expect(Array.from(m.data.subarray(10))).toEqual([1, 2, 3, 4, 5]);
    const out32 = arena.allocF32(5);
    columnSums(m, out32);
    expect(Array.from(out32)).toEqual([3, 6, 9, 12, 15]);
    expect(elementwiseCalls()).toBe(before);
  });

  it('logx gives logExact\'s bits over a million inputs (random words, subnormals, near 1, ±0, ±Infinity, NaN, negatives)', () => {
    const n = 1_000_000;
    const xs = new Float64Array(n), words = new Uint32Array(xs.buffer);
    const u = rng(42);
    for (let i = 0; i < n; i++) {
      const kind = i % 4;
      if (kind === 0) {
        words[2 * i] = u() * 2 ** 32; // any word: negatives, NaNs, huge and tiny
        words[2 * i + 1] = u() * 2 ** 32;
      } else if (kind === 1) xs[i] = 1 + (u() * 2 - 1) * 2 ** -Math.floor(u() * 53); // near 1, both branches of |f| < 2^-20
      else if (kind === 2) xs[i] = u() * 2 ** -1022 * (u() < 0.5 ? 1 : 2 ** -40); // subnormals
      else xs[i] = u() * 10 ** Math.floor(u() * 20 - 10); // ordinary magnitudes
    }
    xs.set([0, -0, Infinity, -Infinity, NaN, -1, 1, 5e-324, -5e-324, 2 ** -1022, Number.MAX_VALUE, Math.SQRT2, Math.SQRT1_2, 1e-7, 1 - 1e-7], 0);
    const plain = new Float64Array(n), wasm = new Float64Array(n);
    const log = arena.kernels.logx;
    for (let i = 0; i < n; i++) {
      plain[i] = logExact(xs[i]!);
      wasm[i] = log(xs[i]!);
    }
    let diff = 0;
    const a = new BigUint64Array(plain.buffer), b = new BigUint64Array(wasm.buffer);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) diff++;
    expect(diff).toBe(0);
    expect(Object.is(log(0), -Infinity) && Number.isNaN(log(-1)) && log(1) === 0 && log(Infinity) === Infinity).toBe(true);
  });

  it('exp64 (expFast on f64x2 lanes) gives expFast\'s bits from −708.3 up, and its limits', () => {
    const n = 400_001; // odd: the last one goes through the tail
    const u = rng(7);
    const { OVERFLOW, SUBNORMAL, INV_STEP } = EXP_PARTS;
    const z = arena.alloc(n), y = arena.alloc(n), table = arena.alloc(32);
    table.set(EXP_PARTS.TABLE);
    for (let i = 0; i < n; i++) {
      const kind = i % 5;
      if (kind === 0) z[i] = SUBNORMAL + u() * (OVERFLOW - SUBNORMAL); // the whole normal range
      else if (kind === 1) z[i] = (u() * 2 - 1) * 2; // around 0, where the activations live
      else if (kind === 2) z[i] = OVERFLOW - u() * 0.8; // k = 1024 (the two-step scaling) and below it
      else if (kind === 3) z[i] = (Math.floor(u() * 60000 - 30000) + 0.5) / INV_STEP; // near ties of the rounding
      else z[i] = SUBNORMAL + u() * 1e-3;
    }
    z.set([0, -0, OVERFLOW, OVERFLOW - 1e-13, Infinity, NaN, SUBNORMAL, 1e-300, -1e-300, 0.5 / INV_STEP, -0.5 / INV_STEP], 0);
    arena.kernels.exp64(z.byteOffset, y.byteOffset, n, table.byteOffset);
    let diff = 0;
    const fw = new Float64Array(1), a = new BigUint64Array(fw.buffer), b = new BigUint64Array(y.buffer, y.byteOffset, n);
    for (let i = 0; i < n; i++) {
      fw[0] = expFast(z[i]!);
      if (a[0] !== b[i]) diff++;
    }
    expect(diff).toBe(0);
    // Below −708.3 expFast calls expExact (e^x < 2^-1021); the kernel gives +0 there, for its users' 1 + e^x.
    const low = arena.alloc(3), out = arena.alloc(3);
    low.set([-708.31, -1000, -Infinity]);
    arena.kernels.exp64(low.byteOffset, out.byteOffset, 3, table.byteOffset);
    expect(Array.from(out)).toEqual([0, 0, 0]);
    expect(Array.from(low, (v) => 1 + expFast(v))).toEqual([1, 1, 1]);
  });
});
