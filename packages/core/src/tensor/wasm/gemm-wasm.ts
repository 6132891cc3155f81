import type { Matrix } from '../matrix.js';
import { wasmArena } from './arena.js';
import { KERNEL_NAMES, type KernelExports } from './kernels.js';
import { kernelPool, partsFor, recorder, splitRange, type KernelCall } from './pool.js';

type MmKernels = Pick<KernelExports, 'mm4' | 'mm1' | 'mm4h' | 'mm1h' | 'mmc'>;
type MtKernels = Pick<KernelExports, 'mt4' | 'mt1' | 'mtc'>;

/**
 * The WebAssembly route of `gemmNN` (C = A·B) and `gemmTN` (C = Aᵀ·B): taken when all three
 * matrices live in the arena. The kernels do rows in blocks of 4 (then single rows) and columns in
 * blocks of 4, then 2, then the last odd column one at a time. Every
 * element is summed over p ascending, as in the plain kernels, so the bits are the same.
 * Returns false (nothing done) when the route does not apply; the caller then runs the plain loop.
 * A product big enough is split into blocks of rows (or of columns when there are few rows) over
 * the worker threads (`pool.ts`); the bits do not change.
 *
 * `transposeA`: A is k×m and used as Aᵀ (gemmTN); otherwise A is m×k (gemmNN).
 */
export function gemmWasm(a: Matrix, b: Matrix, c: Matrix, accumulate: boolean, transposeA: boolean): boolean {
  const arena = wasmArena();
  if (arena === undefined) return false;
  const A = a.data, B = b.data, C = c.data;
  if (!arena.owns(A) || !arena.owns(B) || !arena.owns(C)) return false;
  const m = c.rows, n = c.cols, k = b.rows;
  const sI = transposeA ? 8 : 8 * k;
  const sP = transposeA ? 8 * m : 8;
  const ld = 8 * n;
  const acc = accumulate ? 1 : 0;
  const a0 = A.byteOffset, b0 = B.byteOffset, c0 = C.byteOffset;
  const rowBlocks = m >> 2, colBlocks = n >> 2;
  const parts = partsFor(m * n * k, Math.max(rowBlocks, colBlocks));
  if (parts === 1) {
    mmRect(arena.kernels, a0, b0, c0, m, n, k, sI, sP, ld, acc);
    return true;
  }
  const byRows = rowBlocks >= parts;
  const cuts = splitRange(byRows ? m : n, parts, 4);
  const lists: KernelCall[][] = [];
  for (let t = 0; t < parts; t++) {
    const calls: KernelCall[] = [];
    const rec = recorder<MmKernels>(KERNEL_NAMES, calls);
    const lo = cuts[t], hi = cuts[t + 1];
    if (byRows) mmRect(rec, a0 + lo * sI, b0, c0 + lo * ld, hi - lo, n, k, sI, sP, ld, acc);
    else mmRect(rec, a0, b0 + 8 * lo, c0 + 8 * lo, m, hi - lo, k, sI, sP, ld, acc);
    lists.push(calls);
  }
  kernelPool()!.run(lists);
  return true;
}

/** C (+)= A·B over an m×n block of C at c0 (row strides: B and C `ld` bytes), by the mm family. */
function mmRect(kern: MmKernels, a0: number, b0: number, c0: number, m: number, n: number, k: number, sI: number, sP: number, ld: number, acc: number): void {
  const m4 = m & ~3, n4 = n & ~3, n2 = n & ~1;
  const aTail = a0 + m4 * sI, cTail = c0 + m4 * ld; // the rows after the last block of 4
  if (n4 > 0) {
    if (m4 > 0) kern.mm4(a0, b0, c0, m4, n4, k, sI, sP, ld, ld, acc);
    if (m > m4) kern.mm1(aTail, b0, cTail, m - m4, n4, k, sI, sP, ld, ld, acc);
  }
  if (n2 > n4) {
    // Columns n4, n4 + 1: one f64x2 per row.
    if (m4 > 0) kern.mm4h(a0, b0 + 8 * n4, c0 + 8 * n4, m4, 2, k, sI, sP, ld, ld, acc);
    if (m > m4) kern.mm1h(aTail, b0 + 8 * n4, cTail + 8 * n4, m - m4, 2, k, sI, sP, ld, ld, acc);
  }
  if (n > n2) kern.mmc(a0, b0 + 8 * n2, c0 + 8 * n2, m, 1, k, sI, sP, ld, ld, acc); // the last, odd column
}

/**
 * The WebAssembly route of `gemmNT` (C = A·Bᵀ, the forward product X·Wᵀ): taken when all three
 * matrices live in the arena. Columns go 8 at a time (lane pairs gathered from two rows of B),
 * rows 4 at a time then singly; the last `n mod 8` columns are plain dot products. Same order over
 * p as the plain kernel: the same bits. Split over threads as `gemmWasm` is (columns in blocks of 8).
 */
export function gemmNTWasm(a: Matrix, b: Matrix, c: Matrix, accumulate: boolean): boolean {
  const arena = wasmArena();
  if (arena === undefined) return false;
  const A = a.data, B = b.data, C = c.data;
  if (!arena.owns(A) || !arena.owns(B) || !arena.owns(C)) return false;
  const m = c.rows, n = c.cols, k = a.cols;
  const acc = accumulate ? 1 : 0;
  const a0 = A.byteOffset, b0 = B.byteOffset, c0 = C.byteOffset, ld = 8 * n;
  const rowBlocks = m >> 2, colBlocks = n >> 3;
  const parts = partsFor(m * n * k, Math.max(rowBlocks, colBlocks));
  if (parts === 1) {
    mtRect(arena.kernels, a0, b0, c0, m, n, k, ld, acc);
    return true;
  }
  const byRows = rowBlocks >= parts;
  const cuts = splitRange(byRows ? m : n, parts, byRows ? 4 : 8);
  const lists: KernelCall[][] = [];
  for (let t = 0; t < parts; t++) {
    const calls: KernelCall[] = [];
    const rec = recorder<MtKernels>(KERNEL_NAMES, calls);
    const lo = cuts[t], hi = cuts[t + 1];
    if (byRows) mtRect(rec, a0 + lo * 8 * k, b0, c0 + lo * ld, hi - lo, n, k, ld, acc);
    else mtRect(rec, a0, b0 + lo * 8 * k, c0 + 8 * lo, m, hi - lo, k, ld, acc);
    lists.push(calls);
  }
  kernelPool()!.run(lists);
  return true;
}

/** C (+)= A·Bᵀ over an m×n block of C at c0 (row stride `ld` bytes), by the mt family. */
function mtRect(kern: MtKernels, a0: number, b0: number, c0: number, m: number, n: number, k: number, ld: number, acc: number): void {
  const m4 = m & ~3, n8 = n & ~7;
  if (n8 > 0) {
    if (m4 > 0) kern.mt4(a0, b0, c0, m4, n8, k, ld, acc);
    if (m > m4) kern.mt1(a0 + m4 * 8 * k, b0, c0 + m4 * ld, m - m4, n8, k, ld, acc);
  }
  if (n > n8) kern.mtc(a0, b0 + n8 * 8 * k, c0 + 8 * n8, m, n - n8, k, ld, acc); // columns past the last block of 8
}
