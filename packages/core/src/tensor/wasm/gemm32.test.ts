import { describe, it, expect } from 'vitest';
import { gemmNN32Ref, gemmNT32Ref, gemmTN32Ref, type Matrix32 } from '../gemm32-reference.js';
import { gemmNN32Wasm, gemmNT32Wasm, gemmTN32Wasm, KC, PACK_MIN_ROWS } from './gemm32-wasm.js';
import { kernelModuleBytes } from './kernels.js';
import { wasmArena } from './arena.js';

const arena = wasmArena();

/** Deterministic values in about [-1, 1], some exactly zero, negative zero or large, rounded to f32. */
function values(n: number, seed: number): Float32Array {
  let x = (seed * 0x9e3779b9) >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    const u = x / 4294967296;
    out[i] = u < 0.02 ? 0 : u < 0.03 ? -0 : u < 0.04 ? (u - 0.035) * 1e6 : 2 * u - 1;
  }
  return out;
}

/** A matrix in the arena (`heap`: a plain Float32Array) filled from the seed. */
function filled(rows: number, cols: number, seed: number, heap = false): Matrix32 {
  const data = heap ? new Float32Array(rows * cols) : arena!.allocF32(rows * cols);
  data.set(values(rows * cols, seed));
  return { rows, cols, data };
}

const copy = (x: Matrix32): Matrix32 => ({ rows: x.rows, cols: x.cols, data: Float32Array.from(x.data) });
/** Bits, so that −0 and +0 differ and NaN equals itself. */
const bits = (x: Matrix32): number[] => Array.from(new Uint32Array(x.data.buffer, x.data.byteOffset, x.data.length));

// [m, k, n]: odd sizes, batch 1, k not a multiple of 4/8/16, k past one k block, tails of every
// kernel (m mod 4, n mod 8, n mod 4), and the workloads' products (W1–W5).
const shapes: Array<[number, number, number]> = [
  [1, 1, 1], [1, 35, 16], [1, 400, 260], [2, 5, 2], [3, 3, 4], [4, 9, 7], [5, 6, 1], [5, 4, 3], [6, 17, 8], [7, 13, 5],
  [8, 64, 128], [9, 25, 35], [4, 2, 64], [6, 3, 14], [1, 25, 2], [32, 4, 9], [13, 31, 33], [3, 7, 12], [11, 1, 9],
  [17, KC + 3, 19], [5, 2 * KC + 1, 10], [4, KC, 8],
  // from PACK_MIN_ROWS rows on, the packed route: row blocks and single rows, 8- and 4-wide
  // panels, scalar columns, k mod 4 (the transposing packer's tail), several k blocks
  [8, 5, 4], [10, 3, 13], [12, 7, 6], [16, 2 * KC + 5, 12], [33, 9, 31], [PACK_MIN_ROWS, 1, 1], [PACK_MIN_ROWS - 1, 6, 20], [14, 2, 3],
  [32, 35, 16], [32, 16, 8], [8, 400, 260], [8, 260, 128], [64, 400, 260], [64, 128, 64], [32, 784, 512],
  // C = A·B packs B when its rows are a multiple of ALIASING_STRIDE bytes apart (n = 128, 256, 512):
  // with row tails, several k blocks, and just below the rows and k it needs
  [9, 13, 256], [PACK_MIN_ROWS, PACK_MIN_ROWS, 512], [13, KC + 7, 256], [PACK_MIN_ROWS - 1, 20, 256], [10, PACK_MIN_ROWS - 1, 256], [96, 35, 128], [64, 64, 128],
];

describe('float32 wasm matrix products', () => {
  it('the module with the float32 kernels is valid WebAssembly and the arena is there', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(kernelModuleBytes(65536))).toBe(true);
    expect(arena).toBeDefined();
  });

  it('gemmNT32Wasm, gemmNN32Wasm and gemmTN32Wasm give the bits of the reference loops', () => {
    let seed = 1;
    for (const [m, k, n] of shapes) {
      for (const accumulate of [false, true]) {
        const a = filled(m, k, seed++), bt = filled(n, k, seed++), b = filled(k, n, seed++), at = filled(k, m, seed++);
        const c = filled(m, n, seed++), ref = copy(c);
        expect(gemmNT32Wasm(a, bt, c, accumulate)).toBe(true);
        gemmNT32Ref(a, bt, ref, accumulate);
        expect(bits(c), `NT ${m}x${k}x${n} acc=${accumulate}`).toEqual(bits(ref));
        const c2 = filled(m, n, seed++), ref2 = copy(c2);
        expect(gemmNN32Wasm(a, b, c2, accumulate)).toBe(true);
        gemmNN32Ref(a, b, ref2, accumulate);
        expect(bits(c2), `NN ${m}x${k}x${n} acc=${accumulate}`).toEqual(bits(ref2));
        const c3 = filled(m, n, seed++), ref3 = copy(c3);
        expect(gemmTN32Wasm(at, b, c3, accumulate)).toBe(true);
        gemmTN32Ref(at, b, ref3, accumulate);
        expect(bits(c3), `TN ${m}x${k}x${n} acc=${accumulate}`).toEqual(bits(ref3));
      }
    }
  });

  it('W4 at batch 128: the three big products agree bit for bit', () => {
    for (const [m, k, n] of [[128, 784, 512], [128, 512, 256]] as const) {
      const x = filled(m, k, 1), w = filled(n, k, 2), z = filled(m, n, 3);
      // forward Z = X·Wᵀ, backward dX = dZ·W, dW = dZᵀ·X (accumulating, as a gradient does)
      const zr = copy(z);
      gemmNT32Wasm(x, w, z, false);
      gemmNT32Ref(x, w, zr, false);
      expect(bits(z)).toEqual(bits(zr));
      const dx = filled(m, k, 4), dxr = copy(dx);
      gemmNN32Wasm(z, w, dx, false);
      gemmNN32Ref(z, w, dxr, false);
      expect(bits(dx)).toEqual(bits(dxr));
      const dw = filled(n, k, 5), dwr = copy(dw);
      gemmTN32Wasm(z, x, dw, true);
      gemmTN32Ref(z, x, dwr, true);
      expect(bits(dw)).toEqual(bits(dwr));
    }
  }, 60_000); // the plain reference does ~2·10⁸ rounded multiply-adds

  it('the reference is the float32 running sum: exact small cases and no fused multiply-add', () => {
    // 1·1 + 2^-24·1: the product is exact, the sum rounds to 1 in float32 (ties to even).
    const a: Matrix32 = { rows: 1, cols: 2, data: new Float32Array([1, 2 ** -24]) };
    const b: Matrix32 = { rows: 1, cols: 2, data: new Float32Array([1, 1]) };
    const c: Matrix32 = { rows: 1, cols: 1, data: new Float32Array(1) };
    gemmNT32Ref(a, b, c);
    expect(c.data[0]).toBe(1);
    // (1 + 2^-12)² = 1 + 2^-11 + 2^-24: rounded to float32 before the add (a fused multiply-add
    // would keep the 2^-24 and, with -1 added first, give 2^-11 + 2^-24).
    const e = 1 + 2 ** -12;
    const a2: Matrix32 = { rows: 1, cols: 2, data: new Float32Array([-1, e]) };
    const b2: Matrix32 = { rows: 2, cols: 1, data: new Float32Array([1, e]) };
    const c2: Matrix32 = { rows: 1, cols: 1, data: new Float32Array(1) };
    gemmNN32Ref(a2, b2, c2);
    expect(c2.data[0]).toBe(2 ** -11);
    const w = arena!.allocF32(2), v = arena!.allocF32(2), out = arena!.allocF32(1);
    w.set([-1, e]);
    v.set([1, e]);
    gemmNN32Wasm({ rows: 1, cols: 2, data: w }, { rows: 2, cols: 1, data: v }, { rows: 1, cols: 1, data: out }, false);
    expect(out[0]).toBe(2 ** -11);
  });

  it('returns false, touching nothing, when a matrix is not in the arena', () => {
    const a = filled(4, 6, 1), b = filled(6, 8, 2, true), c = filled(4, 8, 3);
    const before = bits(c);
    expect(gemmNN32Wasm(a, b, c, false)).toBe(false);
    expect(gemmTN32Wasm(filled(6, 4, 4), b, c, false)).toBe(false);
    expect(gemmNT32Wasm(a, filled(8, 6, 5, true), c, false)).toBe(false);
    expect(bits(c)).toEqual(before);
  });

  it('k = 0: C becomes zero, or stays as it is when accumulating', () => {
    const a = filled(5, 0, 1), b = filled(0, 6, 2), c = filled(5, 6, 3);
    const before = bits(c);
    gemmNN32Wasm(a, b, c, true);
    expect(bits(c)).toEqual(before);
    gemmNN32Wasm(a, b, c, false);
    expect(Array.from(c.data)).toEqual(Array(30).fill(0));
  });
});
