import type { AnyMatrix, FloatArray } from './matrix.js';
import { columnSumsWasm, fillRowsWasm } from './wasm/elementwise-wasm.js';

/**
 * Small batched kernels around the products in `gemm.ts`. None allocates: the caller passes the
 * output, which may alias an input where noted. Shape mismatches are bugs (assert), not errors.
 */
export { gemmNT, gemmNN, gemmTN } from './gemm.js';

function assertShapes(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bug: ${what}: shape mismatch`);
}

/** out[i, j] = x[i, j] + v[j] (a row vector added to every row, e.g. a bias). `out` may be `x`. */
export function addRowVector(x: AnyMatrix, v: FloatArray, out: AnyMatrix): void {
  const rows = x.rows;
  const cols = x.cols;
  assertShapes(v.length === cols && out.rows === rows && out.cols === cols, 'addRowVector');
  const X = x.data;
  const O = out.data;
  for (let i = 0, o = 0; i < rows; i++, o += cols) {
    for (let j = 0; j < cols; j++) O[o + j] = X[o + j] + v[j];
  }
}

/** Writes the row vector `v` into every row of `out` (a bias before an accumulating product). */
export function fillRows(out: AnyMatrix, v: FloatArray): void {
  assertShapes(v.length === out.cols, 'fillRows');
  if (fillRowsWasm(out, v)) return; // both in the arena: one kernel call, not a `set` per row
  const cols = out.cols;
  for (let i = 0; i < out.rows; i++) out.data.set(v, i * cols);
}

/**
 * out[j] = Σ_i x[i, j] (+ out[j] when `accumulate`): the bias gradient from dZ.
 * Rows are walked in order so the sum over the batch is the same as the plain loop.
 */
export function columnSums(x: AnyMatrix, out: FloatArray, accumulate = false): void {
  const rows = x.rows;
  const cols = x.cols;
  assertShapes(out.length === cols, 'columnSums');
  if (columnSumsWasm(x, out, accumulate)) return; // in the arena: the same sums, columns side by side
  const X = x.data;
  if (!accumulate) out.fill(0);
  for (let i = 0, o = 0; i < rows; i++, o += cols) {
    for (let j = 0; j < cols; j++) out[j] += X[o + j];
  }
}

/**
 * Copies rows `order[start] ... order[start + out.rows - 1]` of `src` into `out`, in that order:
 * how a (shuffled) batch is gathered into a preallocated matrix.
 */
export function gatherRows(src: AnyMatrix, order: Int32Array, start: number, out: AnyMatrix): void {
  const cols = src.cols;
  assertShapes(out.cols === cols && start + out.rows <= order.length, 'gatherRows');
  const S = src.data;
  const O = out.data;
  for (let r = 0; r < out.rows; r++) {
    // A plain loop rather than `set(subarray(...))`: a subarray is an object per row.
    const from = order[start + r] * cols;
    const to = r * cols;
    for (let j = 0; j < cols; j++) O[to + j] = S[from + j];
  }
}

/** out = x (same shape). */
export function copyInto(x: AnyMatrix, out: AnyMatrix): void {
  assertShapes(x.rows === out.rows && x.cols === out.cols, 'copyInto');
  out.data.set(x.data);
}
