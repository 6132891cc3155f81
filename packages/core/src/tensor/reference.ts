import type { Matrix } from './matrix.js';

/**
 * Plain triple-loop versions of the kernels in `gemm.ts` and `ops.ts`. They are the oracle the
 * fast kernels are tested against (same maths, no blocking), and they stay readable on purpose.
 * Not for hot paths.
 */

/** C = A·Bᵀ (+ C when `accumulate`). A: m×k, B: n×k, C: m×n. */
export function gemmNTReference(a: Matrix, b: Matrix, c: Matrix, accumulate = false): void {
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) {
      let s = 0;
      for (let p = 0; p < a.cols; p++) s += a.get(i, p) * b.get(j, p);
      c.set(i, j, accumulate ? c.get(i, j) + s : s);
    }
  }
}

/** C = A·B (+ C when `accumulate`). A: m×k, B: k×n, C: m×n. */
export function gemmNNReference(a: Matrix, b: Matrix, c: Matrix, accumulate = false): void {
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let p = 0; p < a.cols; p++) s += a.get(i, p) * b.get(p, j);
      c.set(i, j, accumulate ? c.get(i, j) + s : s);
    }
  }
}

/** C = Aᵀ·B (+ C when `accumulate`). A: k×m, B: k×n, C: m×n. */
export function gemmTNReference(a: Matrix, b: Matrix, c: Matrix, accumulate = false): void {
  for (let i = 0; i < a.cols; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let p = 0; p < a.rows; p++) s += a.get(p, i) * b.get(p, j);
      c.set(i, j, accumulate ? c.get(i, j) + s : s);
    }
  }
}

/** out[i, j] = x[i, j] + v[j]. */
export function addRowVectorReference(x: Matrix, v: Float64Array, out: Matrix): void {
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) out.set(i, j, x.get(i, j) + v[j]);
  }
}

/** out[j] = Σ_i x[i, j] (+ out[j] when `accumulate`). */
export function columnSumsReference(x: Matrix, out: Float64Array, accumulate = false): void {
  for (let j = 0; j < x.cols; j++) {
    let s = 0;
    for (let i = 0; i < x.rows; i++) s += x.get(i, j);
    out[j] = accumulate ? out[j] + s : s;
  }
}
