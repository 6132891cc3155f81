import type { AnyMatrix, Matrix } from './matrix.js';
import { gemmNN32, gemmNT32, gemmTN32 } from './gemm32.js';
import { gemmNTWasm, gemmWasm } from './wasm/gemm-wasm.js';

/**
 * The three matrix products a dense layer needs, register-blocked for V8.
 *
 *   forward   Z  = X·Wᵀ        gemmNT   (X: batch×in,  W: out×in)
 *   backward  dX = dZ·W        gemmNN   (dZ: batch×out, W: out×in)
 *             dW = dZᵀ·X       gemmTN   (dZ: batch×out, X: batch×in)
 *
 * Why blocked: a plain triple loop does one multiply-add per two loads and V8 does not vectorise,
 * so it runs at ~1 GFLOP/s. Keeping a 4×4 tile of C in 16 local doubles does 16 multiply-adds per
 * 8 loads; on this machine that is 3.5–4.5 GFLOP/s (float64, one thread). Batch-of-one products
 * (online training) fall to the row kernels, which keep 8 columns of one row in registers.
 * Every element of C is summed in the same order as the plain loop in `reference.ts`
 * (p = 0, 1, ...), so the blocked and plain results agree to the last bit when not accumulating.
 *
 * All three take a WebAssembly SIMD route (`wasm/gemm-wasm.ts`, same bits) when all
 * three matrices live in the wasm arena, as a Dense layer's buffers and parameters do.
 *
 * None of these allocate or throw on valid shapes; shape mismatches are bugs and fail an assert.
 * `accumulate` adds the product into C instead of overwriting it.
 *
 * Float32 matrices (all three of one product) go to `gemm32.ts`: float32 arithmetic, each element
 * summed the same way. Mixing precisions in one product is a bug.
 */

function assertShapes(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bug: ${what}: shape mismatch`);
}

/** True when the product is float32 (all three matrices); throws when the precisions are mixed. */
function isFloat32(a: AnyMatrix, b: AnyMatrix, c: AnyMatrix, what: string): boolean {
  const f32 = c.data instanceof Float32Array;
  if (a.data instanceof Float32Array !== f32 || b.data instanceof Float32Array !== f32) throw new Error(`bug: ${what}: float32 and float64 matrices in one product`);
  return f32;
}

/** C = A·Bᵀ (+ C when `accumulate`). A: m×k, B: n×k, C: m×n. Rows of A and B are both contiguous in k. */
export function gemmNT(a: AnyMatrix, b: AnyMatrix, c: AnyMatrix, accumulate = false): void {
  if (isFloat32(a, b, c, 'gemmNT')) return gemmNT32(a as Matrix<Float32Array>, b as Matrix<Float32Array>, c as Matrix<Float32Array>, accumulate);
  gemmNT64(a as Matrix, b as Matrix, c as Matrix, accumulate);
}

function gemmNT64(a: Matrix, b: Matrix, c: Matrix, accumulate: boolean): void {
  const m = a.rows;
  const k = a.cols;
  const n = b.rows;
  assertShapes(b.cols === k && c.rows === m && c.cols === n, 'gemmNT');
  if (gemmNTWasm(a, b, c, accumulate)) return; // all three in the arena: SIMD, same bits
  const A = a.data;
  const B = b.data;
  const C = c.data;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
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
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      C[o0 + j] = c00; C[o0 + j + 1] = c01; C[o0 + j + 2] = c02; C[o0 + j + 3] = c03;
      C[o1 + j] = c10; C[o1 + j + 1] = c11; C[o1 + j + 2] = c12; C[o1 + j + 3] = c13;
      C[o2 + j] = c20; C[o2 + j + 1] = c21; C[o2 + j + 2] = c22; C[o2 + j + 3] = c23;
      C[o3 + j] = c30; C[o3 + j + 1] = c31; C[o3 + j + 2] = c32; C[o3 + j + 3] = c33;
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      if (accumulate) { c0 = C[o0 + j]; c1 = C[o1 + j]; c2 = C[o2 + j]; c3 = C[o3 + j]; }
      for (let p = 0; p < k; p++) {
        const y = B[b0 + p];
        c0 += A[a0 + p] * y; c1 += A[a1 + p] * y; c2 += A[a2 + p] * y; c3 += A[a3 + p] * y;
      }
      C[o0 + j] = c0; C[o1 + j] = c1; C[o2 + j] = c2; C[o3 + j] = c3;
    }
  }
  for (; i < m; i++) rowNT(A, B, C, i, n, k, accumulate);
}

/** One row of C = A·Bᵀ: 8 dot products at a time share each load of A (matrix-vector, batch of one). */
function rowNT(A: Float64Array, B: Float64Array, C: Float64Array, i: number, n: number, k: number, accumulate: boolean): void {
  const a0 = i * k;
  const o = i * n;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k, b4 = b3 + k, b5 = b4 + k, b6 = b5 + k, b7 = b6 + k;
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
    if (accumulate) {
      c0 = C[o + j]; c1 = C[o + j + 1]; c2 = C[o + j + 2]; c3 = C[o + j + 3];
      c4 = C[o + j + 4]; c5 = C[o + j + 5]; c6 = C[o + j + 6]; c7 = C[o + j + 7];
    }
    for (let p = 0; p < k; p++) {
      const x = A[a0 + p];
      c0 += x * B[b0 + p]; c1 += x * B[b1 + p]; c2 += x * B[b2 + p]; c3 += x * B[b3 + p];
      c4 += x * B[b4 + p]; c5 += x * B[b5 + p]; c6 += x * B[b6 + p]; c7 += x * B[b7 + p];
    }
    C[o + j] = c0; C[o + j + 1] = c1; C[o + j + 2] = c2; C[o + j + 3] = c3;
    C[o + j + 4] = c4; C[o + j + 5] = c5; C[o + j + 6] = c6; C[o + j + 7] = c7;
  }
  for (; j < n; j++) {
    const b0 = j * k;
    let s = accumulate ? C[o + j] : 0;
    for (let p = 0; p < k; p++) s += A[a0 + p] * B[b0 + p];
    C[o + j] = s;
  }
}

/** C = A·B (+ C when `accumulate`). A: m×k, B: k×n, C: m×n. */
export function gemmNN(a: AnyMatrix, b: AnyMatrix, c: AnyMatrix, accumulate = false): void {
  if (isFloat32(a, b, c, 'gemmNN')) return gemmNN32(a as Matrix<Float32Array>, b as Matrix<Float32Array>, c as Matrix<Float32Array>, accumulate);
  gemmNN64(a as Matrix, b as Matrix, c as Matrix, accumulate);
}

function gemmNN64(a: Matrix, b: Matrix, c: Matrix, accumulate: boolean): void {
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  assertShapes(b.rows === k && c.rows === m && c.cols === n, 'gemmNN');
  if (gemmWasm(a, b, c, accumulate, false)) return; // all three in the arena: SIMD, same bits
  const A = a.data;
  const B = b.data;
  const C = c.data;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
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
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      C[o0 + j] = c00; C[o0 + j + 1] = c01; C[o0 + j + 2] = c02; C[o0 + j + 3] = c03;
      C[o1 + j] = c10; C[o1 + j + 1] = c11; C[o1 + j + 2] = c12; C[o1 + j + 3] = c13;
      C[o2 + j] = c20; C[o2 + j + 1] = c21; C[o2 + j + 2] = c22; C[o2 + j + 3] = c23;
      C[o3 + j] = c30; C[o3 + j + 1] = c31; C[o3 + j + 2] = c32; C[o3 + j + 3] = c33;
    }
    for (; j < n; j++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      if (accumulate) { c0 = C[o0 + j]; c1 = C[o1 + j]; c2 = C[o2 + j]; c3 = C[o3 + j]; }
      for (let p = 0, bp = j; p < k; p++, bp += n) {
        const y = B[bp];
        c0 += A[a0 + p] * y; c1 += A[a1 + p] * y; c2 += A[a2 + p] * y; c3 += A[a3 + p] * y;
      }
      C[o0 + j] = c0; C[o1 + j] = c1; C[o2 + j] = c2; C[o3 + j] = c3;
    }
  }
  for (; i < m; i++) rowNN(A, B, C, i, n, k, accumulate);
}

/** One row of C = A·B: 8 contiguous columns of B per step of p (vector-matrix, batch of one). */
function rowNN(A: Float64Array, B: Float64Array, C: Float64Array, i: number, n: number, k: number, accumulate: boolean): void {
  const a0 = i * k;
  const o = i * n;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
    if (accumulate) {
      c0 = C[o + j]; c1 = C[o + j + 1]; c2 = C[o + j + 2]; c3 = C[o + j + 3];
      c4 = C[o + j + 4]; c5 = C[o + j + 5]; c6 = C[o + j + 6]; c7 = C[o + j + 7];
    }
    for (let p = 0, bp = j; p < k; p++, bp += n) {
      const x = A[a0 + p];
      c0 += x * B[bp]; c1 += x * B[bp + 1]; c2 += x * B[bp + 2]; c3 += x * B[bp + 3];
      c4 += x * B[bp + 4]; c5 += x * B[bp + 5]; c6 += x * B[bp + 6]; c7 += x * B[bp + 7];
    }
    C[o + j] = c0; C[o + j + 1] = c1; C[o + j + 2] = c2; C[o + j + 3] = c3;
    C[o + j + 4] = c4; C[o + j + 5] = c5; C[o + j + 6] = c6; C[o + j + 7] = c7;
  }
  for (; j < n; j++) {
    let s = accumulate ? C[o + j] : 0;
    for (let p = 0, bp = j; p < k; p++, bp += n) s += A[a0 + p] * B[bp];
    C[o + j] = s;
  }
}

/**
 * C = Aᵀ·B (+ C when `accumulate`). A: k×m, B: k×n, C: m×n. The sum runs over the rows (the batch),
 * so a 4×4 tile reads 4 contiguous values of each of A and B per step; with k = 1 (online
 * training) it is the outer product dzᵀ·x.
 */
export function gemmTN(a: AnyMatrix, b: AnyMatrix, c: AnyMatrix, accumulate = false): void {
  if (isFloat32(a, b, c, 'gemmTN')) return gemmTN32(a as Matrix<Float32Array>, b as Matrix<Float32Array>, c as Matrix<Float32Array>, accumulate);
  gemmTN64(a as Matrix, b as Matrix, c as Matrix, accumulate);
}

function gemmTN64(a: Matrix, b: Matrix, c: Matrix, accumulate: boolean): void {
  const k = a.rows;
  const m = a.cols;
  const n = b.cols;
  assertShapes(b.rows === k && c.rows === m && c.cols === n, 'gemmTN');
  if (gemmWasm(a, b, c, accumulate, true)) return; // all three in the arena: SIMD, same bits
  const A = a.data;
  const B = b.data;
  const C = c.data;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
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
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      C[o0 + j] = c00; C[o0 + j + 1] = c01; C[o0 + j + 2] = c02; C[o0 + j + 3] = c03;
      C[o1 + j] = c10; C[o1 + j + 1] = c11; C[o1 + j + 2] = c12; C[o1 + j + 3] = c13;
      C[o2 + j] = c20; C[o2 + j + 1] = c21; C[o2 + j + 2] = c22; C[o2 + j + 3] = c23;
      C[o3 + j] = c30; C[o3 + j + 1] = c31; C[o3 + j + 2] = c32; C[o3 + j + 3] = c33;
    }
    for (; j < n; j++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      if (accumulate) { c0 = C[o0 + j]; c1 = C[o1 + j]; c2 = C[o2 + j]; c3 = C[o3 + j]; }
      for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) {
        const y = B[bp];
        c0 += A[ap] * y; c1 += A[ap + 1] * y; c2 += A[ap + 2] * y; c3 += A[ap + 3] * y;
      }
      C[o0 + j] = c0; C[o1 + j] = c1; C[o2 + j] = c2; C[o3 + j] = c3;
    }
  }
  for (; i < m; i++) {
    const o = i * n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      if (accumulate) { c0 = C[o + j]; c1 = C[o + j + 1]; c2 = C[o + j + 2]; c3 = C[o + j + 3]; }
      for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) {
        const x = A[ap];
        c0 += x * B[bp]; c1 += x * B[bp + 1]; c2 += x * B[bp + 2]; c3 += x * B[bp + 3];
      }
      C[o + j] = c0; C[o + j + 1] = c1; C[o + j + 2] = c2; C[o + j + 3] = c3;
    }
    for (; j < n; j++) {
      let s = accumulate ? C[o + j] : 0;
      for (let p = 0, ap = i, bp = j; p < k; p++, ap += m, bp += n) s += A[ap] * B[bp];
      C[o + j] = s;
    }
  }
}
