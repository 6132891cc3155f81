/**
 * The float32 matrix products, plain: the contract the WebAssembly kernels (`wasm/gemm32-wasm.ts`)
 * and any fallback must meet bit for bit.
 *
 * Contract: every element of C is one running float32 sum over p ascending,
 *
 *     s = accumulate ? C[i][j] : 0
 *     for p = 0, 1, …, k − 1:  s = f32(s + f32(a(i, p) · b(p, j)))
 *     C[i][j] = s
 *
 * with no fused multiply-add (the product is rounded to float32 before the add). Float32 + and ×
 * are correctly rounded, so `Math.fround` after each operation in float64 JavaScript gives exactly
 * the float32 result (a product of two float32 values is exact in float64, and rounding a float64
 * sum of two float32 values to float32 equals the float32 sum). Blocking over k is allowed (C then
 * holds the running sum between blocks, which is the same value).
 */

/** A float32 matrix, row-major: element (i, j) at data[i·cols + j]. */
export interface Matrix32 {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

const fr = Math.fround;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bug: ${what}: shape mismatch`);
}

/** C = A·Bᵀ (+ C when `accumulate`). A: m×k, B: n×k, C: m×n. */
export function gemmNT32Ref(a: Matrix32, b: Matrix32, c: Matrix32, accumulate = false): void {
  const m = a.rows, k = a.cols, n = b.rows;
  check(b.cols === k && c.rows === m && c.cols === n, 'gemmNT32Ref');
  const A = a.data, B = b.data, C = c.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? C[i * n + j]! : 0;
      for (let p = 0; p < k; p++) s = fr(s + fr(A[i * k + p]! * B[j * k + p]!));
      C[i * n + j] = s;
    }
  }
}

/** C = A·B (+ C when `accumulate`). A: m×k, B: k×n, C: m×n. */
export function gemmNN32Ref(a: Matrix32, b: Matrix32, c: Matrix32, accumulate = false): void {
  const m = a.rows, k = a.cols, n = b.cols;
  check(b.rows === k && c.rows === m && c.cols === n, 'gemmNN32Ref');
  const A = a.data, B = b.data, C = c.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? C[i * n + j]! : 0;
      for (let p = 0; p < k; p++) s = fr(s + fr(A[i * k + p]! * B[p * n + j]!));
      C[i * n + j] = s;
    }
  }
}

/** C = Aᵀ·B (+ C when `accumulate`). A: k×m, B: k×n, C: m×n. */
export function gemmTN32Ref(a: Matrix32, b: Matrix32, c: Matrix32, accumulate = false): void {
  const k = a.rows, m = a.cols, n = b.cols;
  check(b.rows === k && c.rows === m && c.cols === n, 'gemmTN32Ref');
  const A = a.data, B = b.data, C = c.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? C[i * n + j]! : 0;
      for (let p = 0; p < k; p++) s = fr(s + fr(A[p * m + i]! * B[p * n + j]!));
      C[i * n + j] = s;
    }
  }
}
