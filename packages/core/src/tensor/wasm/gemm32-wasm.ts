import type { Matrix32 } from '../gemm32-reference.js';
import { wasmArena, type Arena } from './arena.js';
import { R32, V32 } from './kernels.js';

/**
 * The WebAssembly SIMD route of the float32 products (f32x4), taken when all three matrices live
 * in the arena (`allocF32`). Each C element follows the contract of `../gemm32-reference.ts`
 * (c = f32(c + f32(a·b)), p ascending, no fused multiply-add), so the bits equal the plain loops.
 * Each returns false (nothing done) when a matrix is not in the arena; the caller then runs its
 * plain loop. Shapes are the caller's to check.
 *
 * Tiling: the kernels hold R32 × 4·V32 tiles of C in registers and sweep all rows under one
 * column panel of B (so the panel stays in L1); k is cut into blocks of `KC` so the A block
 * (m × KC) stays in L2, C carrying the running sum from one block to the next (the same values).
 */

/** The k block (floats). */
export const KC = 256;

type Mode = 'r' | 'c';

/** One k block: the tile kernels, then the row and column tails. Strides in bytes. */
function block(arena: Arena, mode: Mode, a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void {
  const kern = arena.kernels;
  const mR = m - (m % R32), nV = n - (n % (4 * V32)), n4 = n & ~3;
  const rowStep = mode === 'r' ? sI : 4; // bytes from one row of A to the next
  const aTail = a + mR * rowStep, cTail = c + mR * ldc;
  const full = mode === 'r' ? kern.mm32r : kern.mm32c;
  const one = mode === 'r' ? kern.mm32r1 : kern.mm32c1;
  const vec = mode === 'r' ? kern.mm32rv : kern.mm32cv;
  const oneVec = mode === 'r' ? kern.mm32r1v : kern.mm32c1v;
  if (nV > 0) {
    if (mR > 0) full(a, b, c, mR, nV, k, sI, sP, ldb, ldc, acc);
    if (m > mR) one(aTail, b, cTail, m - mR, nV, k, sI, sP, ldb, ldc, acc);
  }
  if (n4 > nV) {
    if (mR > 0) vec(a, b + 4 * nV, c + 4 * nV, mR, n4 - nV, k, sI, sP, ldb, ldc, acc);
    if (m > mR) oneVec(aTail, b + 4 * nV, cTail + 4 * nV, m - mR, n4 - nV, k, sI, sP, ldb, ldc, acc);
  }
  if (n > n4) kern.mm32s(a, b + 4 * n4, c + 4 * n4, m, n - n4, k, sI, sP, ldb, ldc, acc);
}

/** C (+)= A(i, p)·B over k in blocks of KC; A(i, p) at a + i·sI + p·sP. */
function product(arena: Arena, mode: Mode, a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, accumulate: boolean): void {
  const ldc = 4 * n;
  if (k === 0) {
    if (!accumulate) arena.kernels.mm32s(a, b, c, m, n, 0, sI, sP, ldb, ldc, 0); // C = 0
    return;
  }
  for (let p = 0; p < k; p += KC) {
    const kb = Math.min(KC, k - p);
    block(arena, mode, a + p * sP, b + p * ldb, c, m, n, kb, sI, sP, ldb, ldc, accumulate || p > 0 ? 1 : 0);
  }
}

const inArena = (arena: Arena, a: Matrix32, b: Matrix32, c: Matrix32): boolean => arena.owns(a.data) && arena.owns(b.data) && arena.owns(c.data);

/** C = A·B (+ C when `accumulate`). A: m×k, B: k×n, C: m×n. */
export function gemmNN32Wasm(a: Matrix32, b: Matrix32, c: Matrix32, accumulate: boolean): boolean {
  const arena = wasmArena();
  if (arena === undefined || !inArena(arena, a, b, c)) return false;
  const m = c.rows, n = c.cols, k = a.cols;
  product(arena, 'r', a.data.byteOffset, b.data.byteOffset, c.data.byteOffset, m, n, k, 4 * k, 4, 4 * n, accumulate);
  return true;
}

/** C = Aᵀ·B (+ C when `accumulate`). A: k×m, B: k×n, C: m×n. */
export function gemmTN32Wasm(a: Matrix32, b: Matrix32, c: Matrix32, accumulate: boolean): boolean {
  const arena = wasmArena();
  if (arena === undefined || !inArena(arena, a, b, c)) return false;
  const m = c.rows, n = c.cols, k = a.rows;
  product(arena, 'c', a.data.byteOffset, b.data.byteOffset, c.data.byteOffset, m, n, k, 4, 4 * m, 4 * n, accumulate);
  return true;
}

/** The scratch that holds Bᵀ for `gemmNT32Wasm` (kept while it is large enough). */
let scratch: Float32Array | undefined;

/**
 * C = A·Bᵀ (+ C when `accumulate`). A: m×k, B: n×k, C: m×n. B is first transposed into a k×n
 * scratch in the arena (n·k moves against m·n·k multiply-adds), then multiplied as A·(Bᵀ).
 */
export function gemmNT32Wasm(a: Matrix32, b: Matrix32, c: Matrix32, accumulate: boolean): boolean {
  const arena = wasmArena();
  if (arena === undefined || !inArena(arena, a, b, c)) return false;
  const m = c.rows, n = c.cols, k = a.cols;
  if (scratch === undefined || scratch.length < n * k || !arena.owns(scratch)) {
    const s = arena.allocF32(Math.max(n * k, 16));
    if (!arena.owns(s)) return false; // the memory cannot grow: the plain route
    scratch = s;
  }
  const t = scratch.byteOffset;
  arena.kernels.tr32(b.data.byteOffset, t, n, k);
  product(arena, 'r', a.data.byteOffset, t, c.data.byteOffset, m, n, k, 4 * k, 4, 4 * n, accumulate);
  return true;
}
