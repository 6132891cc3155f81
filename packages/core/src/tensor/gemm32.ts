import type { Matrix } from './matrix.js';
import { gemmNN32Wasm, gemmNT32Wasm, gemmTN32Wasm } from './wasm/gemm32-wasm.js';

/**
 * The three products of `gemm.ts` on float32 matrices, with float32 arithmetic:
 *
 *   each element of C is c = f32(c + f32(a·b)), summed over p ascending, from 0 (or from C's own
 *   value when accumulating), with no fused multiply-add.
 *
 * `Math.fround` of a float64 sum or product of two float32 values is the correctly rounded
 * float32 result (53 ≥ 2·24 + 2, so rounding twice does no harm), so these loops give exactly what
 * a float32 machine gives, on every engine. The WebAssembly f32x4 kernels follow the same
 * contract (same bits), and `gemm32-reference.ts` states it as a plain triple loop.
 *
 * When all three matrices live in the wasm arena the f32x4 kernels of `wasm/gemm32-wasm.ts` run
 * instead (one thread: they are not split over the worker threads yet).
 *
 * Blocking as in `gemm.ts`: a 4×4 tile of C in 16 locals per step of p, then the leftover
 * columns and rows one at a time. None of these allocate or throw on valid shapes.
 */

const f = Math.fround;

/** C = A·Bᵀ (+ C). A: m×k, B: n×k, C: m×n, all float32. */
export function gemmNT32(a: Matrix<Float32Array>, b: Matrix<Float32Array>, c: Matrix<Float32Array>, accumulate = false): void {
  const m = a.rows, k = a.cols, n = b.rows;
  if (b.cols !== k || c.rows !== m || c.cols !== n) throw new Error('bug: gemmNT32: shape mismatch');
  if (gemmNT32Wasm(a, b, c, accumulate)) return; // all three in the arena: f32x4, the same bits
  const A = a.data, B = b.data, C = c.data;
  const m4 = m & ~3, n4 = n & ~3;
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      if (accumulate) {
        c00 = C[o0 + j]; c01 = C[o0 + j + 1]; c02 = C[o0 + j + 2]; c03 = C[o0 + j + 3];
        c10 = C[o1 + j]; c11 = C[o1 + j + 1]; c12 = C[o1 + j + 2]; c13 = C[o1 + j + 3];
        c20 = C[o2 + j]; c21 = C[o2 + j + 1]; c22 = C[o2 + j + 2]; c23 = C[o2 + j + 3];
        c30 = C[o3 + j]; c31 = C[o3 + j + 1]; c32 = C[o3 + j + 2]; c33 = C[o3 + j + 3];
      }
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + p], x1 = A[a1 + p], x2 = A[a2 + p], x3 = A[a3 + p];
        const y0 = B[b0 + p], y1 = B[b1 + p], y2 = B[b2 + p], y3 = B[b3 + p];
        c00 = f(c00 + f(x0 * y0)); c01 = f(c01 + f(x0 * y1)); c02 = f(c02 + f(x0 * y2)); c03 = f(c03 + f(x0 * y3));
        c10 = f(c10 + f(x1 * y0)); c11 = f(c11 + f(x1 * y1)); c12 = f(c12 + f(x1 * y2)); c13 = f(c13 + f(x1 * y3));
        c20 = f(c20 + f(x2 * y0)); c21 = f(c21 + f(x2 * y1)); c22 = f(c22 + f(x2 * y2)); c23 = f(c23 + f(x2 * y3));
        c30 = f(c30 + f(x3 * y0)); c31 = f(c31 + f(x3 * y1)); c32 = f(c32 + f(x3 * y2)); c33 = f(c33 + f(x3 * y3));
      }
      C[o0 + j] = c00; C[o0 + j + 1] = c01; C[o0 + j + 2] = c02; C[o0 + j + 3] = c03;
      C[o1 + j] = c10; C[o1 + j + 1] = c11; C[o1 + j + 2] = c12; C[o1 + j + 3] = c13;
      C[o2 + j] = c20; C[o2 + j + 1] = c21; C[o2 + j + 2] = c22; C[o2 + j + 3] = c23;
      C[o3 + j] = c30; C[o3 + j + 1] = c31; C[o3 + j + 2] = c32; C[o3 + j + 3] = c33;
    }
  }
  // The leftover columns of the blocked rows, then the leftover rows: one element at a time.
  for (let i = 0; i < m; i++) {
    const a0 = i * k, o = i * n;
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      const b0 = j * k;
      let s = accumulate ? C[o + j] : 0;
      for (let p = 0; p < k; p++) s = f(s + f(A[a0 + p] * B[b0 + p]));
      C[o + j] = s;
    }
  }
}

/** C = A·B (+ C). A: m×k, B: k×n, C: m×n, all float32. */
export function gemmNN32(a: Matrix<Float32Array>, b: Matrix<Float32Array>, c: Matrix<Float32Array>, accumulate = false): void {
  const m = a.rows, k = a.cols, n = b.cols;
  if (b.rows !== k || c.rows !== m || c.cols !== n) throw new Error('bug: gemmNN32: shape mismatch');
  if (gemmNN32Wasm(a, b, c, accumulate)) return; // all three in the arena: f32x4, the same bits
  const A = a.data, B = b.data, C = c.data;
  const m4 = m & ~3, n4 = n & ~3;
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      if (accumulate) {
        c00 = C[o0 + j]; c01 = C[o0 + j + 1]; c02 = C[o0 + j + 2]; c03 = C[o0 + j + 3];
        c10 = C[o1 + j]; c11 = C[o1 + j + 1]; c12 = C[o1 + j + 2]; c13 = C[o1 + j + 3];
        c20 = C[o2 + j]; c21 = C[o2 + j + 1]; c22 = C[o2 + j + 2]; c23 = C[o2 + j + 3];
        c30 = C[o3 + j]; c31 = C[o3 + j + 1]; c32 = C[o3 + j + 2]; c33 = C[o3 + j + 3];
      }
      for (let p = 0, bp = j; p < k; p++, bp += n) {
        const x0 = A[a0 + p], x1 = A[a1 + p], x2 = A[a2 + p], x3 = A[a3 + p];
        const y0 = B[bp], y1 = B[bp + 1], y2 = B[bp + 2], y3 = B[bp + 3];
        c00 = f(c00 + f(x0 * y0)); c01 = f(c01 + f(x0 * y1)); c02 = f(c02 + f(x0 * y2)); c03 = f(c03 + f(x0 * y3));
        c10 = f(c10 + f(x1 * y0)); c11 = f(c11 + f(x1 * y1)); c12 = f(c12 + f(x1 * y2)); c13 = f(c13 + f(x1 * y3));
        c20 = f(c20 + f(x2 * y0)); c21 = f(c21 + f(x2 * y1)); c22 = f(c22 + f(x2 * y2)); c23 = f(c23 + f(x2 * y3));
        c30 = f(c30 + f(x3 * y0)); c31 = f(c31 + f(x3 * y1)); c32 = f(c32 + f(x3 * y2)); c33 = f(c33 + f(x3 * y3));
      }
      C[o0 + j] = c00; C[o0 + j + 1] = c01; C[o0 + j + 2] = c02; C[o0 + j + 3] = c03;
      C[o1 + j] = c10; C[o1 + j + 1] = c11; C[o1 + j + 2] = c12; C[o1 + j + 3] = c13;
      C[o2 + j] = c20; C[o2 + j + 1] = c21; C[o2 + j + 2] = c22; C[o2 + j + 3] = c23;
      C[o3 + j] = c30; C[o3 + j + 1] = c31; C[o3 + j + 2] = c32; C[o3 + j + 3] = c33;
    }
  }
  for (let i = 0; i < m; i++) {
    const a0 = i * k, o = i * n;
    let j = i < m4 ? n4 : 0;
    // A leftover row (a batch of one): 4 contiguous columns of B per step of p.
    if (i >= m4) {
      for (; j + 4 <= n; j += 4) {
        let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        if (accumulate) { c0 = C[o + j]; c1 = C[o + j + 1]; c2 = C[o + j + 2]; c3 = C[o + j + 3]; }
        for (let p = 0, bp = j; p < k; p++, bp += n) {
          const x = A[a0 + p];
          c0 = f(c0 + f(x * B[bp])); c1 = f(c1 + f(x * B[bp + 1])); c2 = f(c2 + f(x * B[bp + 2])); c3 = f(c3 + f(x * B[bp + 3]));
        }
        C[o + j] = c0; C[o + j + 1] = c1; C[o + j + 2] = c2; C[o + j + 3] = c3;
      }
    }
    for (; j < n; j++) {
      let s = accumulate ? C[o + j] : 0;
      for (let p = 0, bp = j; p < k; p++, bp += n) s = f(s + f(A[a0 + p] * B[bp]));
      C[o + j] = s;
    }
  }
}

/** C = Aᵀ·B (+ C). A: k×m, B: k×n, C: m×n, all float32; the sum runs over the rows (the batch). */
export function gemmTN32(a: Matrix<Float32Array>, b: Matrix<Float32Array>, c: Matrix<Float32Array>, accumulate = false): void {
  const k = a.rows, m = a.cols, n = b.cols;
  if (b.rows !== k || c.rows !== m || c.cols !== n) throw new Error('bug: gemmTN32: shape mismatch');
  if (gemmTN32Wasm(a, b, c, accumulate)) return; // all three in the arena: f32x4, the same bits
  const A = a.data, B = b.data, C = c.data;
  const m4 = m & ~3, n4 = n & ~3;
  for (let i = 0; i < m4; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      if (accumulate) {
        c00 = C[o0 + j]; c01 = C[o0 + j + 1]; c02 = C[o0 + j + 2]; c03 = C[o0 + j + 3];
        c10 = C[o1 + j]; c11 = C[o1 + j + 1]; c12 = C[o1 + j + 2]; c13 = C[o1 + j + 3];
        c20 = C[o2 + j]; c21 = C[o2 + j + 1]; c22 = C[o2 + j + 2]; c23 = C[o2 + j + 3];
        c30 = C[o3 + j]; c31 = C[o3 + j + 1]; c32 = C[o3 + j + 2]; c33 = C[o3 + j + 3];
      }
      for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) {
        const x0 = A[ap], x1 = A[ap + 1], x2 = A[ap + 2], x3 = A[ap + 3];
        const y0 = B[bp], y1 = B[bp + 1], y2 = B[bp + 2], y3 = B[bp + 3];
        c00 = f(c00 + f(x0 * y0)); c01 = f(c01 + f(x0 * y1)); c02 = f(c02 + f(x0 * y2)); c03 = f(c03 + f(x0 * y3));
        c10 = f(c10 + f(x1 * y0)); c11 = f(c11 + f(x1 * y1)); c12 = f(c12 + f(x1 * y2)); c13 = f(c13 + f(x1 * y3));
        c20 = f(c20 + f(x2 * y0)); c21 = f(c21 + f(x2 * y1)); c22 = f(c22 + f(x2 * y2)); c23 = f(c23 + f(x2 * y3));
        c30 = f(c30 + f(x3 * y0)); c31 = f(c31 + f(x3 * y1)); c32 = f(c32 + f(x3 * y2)); c33 = f(c33 + f(x3 * y3));
      }
      C[o0 + j] = c00; C[o0 + j + 1] = c01; C[o0 + j + 2] = c02; C[o0 + j + 3] = c03;
      C[o1 + j] = c10; C[o1 + j + 1] = c11; C[o1 + j + 2] = c12; C[o1 + j + 3] = c13;
      C[o2 + j] = c20; C[o2 + j + 1] = c21; C[o2 + j + 2] = c22; C[o2 + j + 3] = c23;
      C[o3 + j] = c30; C[o3 + j + 1] = c31; C[o3 + j + 2] = c32; C[o3 + j + 3] = c33;
    }
  }
  for (let i = 0; i < m; i++) {
    const o = i * n;
    let j = i < m4 ? n4 : 0;
    if (i >= m4) {
      for (; j + 4 <= n; j += 4) {
        let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        if (accumulate) { c0 = C[o + j]; c1 = C[o + j + 1]; c2 = C[o + j + 2]; c3 = C[o + j + 3]; }
        for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) {
          const x = A[ap];
          c0 = f(c0 + f(x * B[bp])); c1 = f(c1 + f(x * B[bp + 1])); c2 = f(c2 + f(x * B[bp + 2])); c3 = f(c3 + f(x * B[bp + 3]));
        }
        C[o + j] = c0; C[o + j + 1] = c1; C[o + j + 2] = c2; C[o + j + 3] = c3;
      }
    }
    for (; j < n; j++) {
      let s = accumulate ? C[o + j] : 0;
      for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) s = f(s + f(A[ap] * B[bp]));
      C[o + j] = s;
    }
  }
}
