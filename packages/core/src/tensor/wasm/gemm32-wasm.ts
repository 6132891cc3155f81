import type { Matrix32 } from '../gemm32-reference.js';
import { wasmArena, type Arena } from './arena.js';
import { KERNEL_NAMES, PR32, PV32, R32, V32, type KernelExports } from './kernels.js';
import { kernelPool, partsFor, recorder, splitRange, type KernelCall } from './pool.js';

/**
 * The WebAssembly SIMD route of the float32 products (f32x4), taken when all three matrices live
 * in the arena (`allocF32`). Each C element follows the contract of `../gemm32-reference.ts`
 * (c = f32(c + f32(a·b)), p ascending, no fused multiply-add), so the bits equal the plain loops.
 * Each returns false (nothing done) when a matrix is not in the arena; the caller then runs its
 * plain loop. Shapes are the caller's to check.
 *
 * Tiling: the kernels hold 4 × 8 tiles of C in eight v128 locals and sweep all rows under one
 * column panel of B (k × 8 floats, so the panel stays in L1); k is cut into blocks of `KC` so the
 * A block (m × KC) stays in L2, C carrying the running sum from one block to the next (the same
 * values). The direct kernels read A and B in place; the packed ones read Ã and B̃, copies made
 * per k block in which every p step is contiguous (B̃ of A·Bᵀ is its transpose, made with 4×4
 * shuffles). Measured on this project's machine (bench --kernels): A·B is as fast direct, Aᵀ·B
 * gains from packing once C has a few rows (A's column-major reads otherwise stride by 4m bytes),
 * A·Bᵀ needs B̃ anyway.
 *
 * Threads: a product big enough (`partsFor`) is split into blocks of columns of C (whole panels),
 * each packed into scratch of its own and run on the worker threads (`pool.ts`); the last n mod 4
 * columns follow on the calling thread. Every element is computed by the same kernels in the same
 * order whatever the split, so the bits do not depend on the thread count.
 */

/**
 * The float32 products split from 8 times the float64 threshold (`pool.ts`), about 4M
 * multiply-adds per part. Measured with `node bench/threads-threshold.mjs --float32` (2 threads
 * against 1, split forced): below 1M multiply-adds per thread every split lost (0.05-0.57x),
 * at 2M it lost on A·Bᵀ and Aᵀ·B (0.31, 0.53), from 4M it gained (0.97-1.78x).
 */
export const FLOAT32_SPLIT_SCALE = 8;

/** The k block (floats). */
export const KC = 256;

type Mode = 'r' | 'c';

/** One k block, direct: the tiles, the rows past the last block of R32, the 4-wide panel (the last n mod 4 columns are `lastColumns`'). Strides in bytes. */
function block(kern: KernelExports, mode: Mode, a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void {
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
}

/** Rows of C from which C = Aᵀ·B packs its operands (below: the direct kernels). */
export const PACK_MIN_ROWS = 8;

/** Row strides of B (bytes) at which C = A·B packs B: multiples of this map a panel onto few L1 sets (n = 128, 256, 512, ...). */
export const ALIASING_STRIDE = 512;

/** The packing scratch of each part of a split product: Ã (m × KC floats) and B̃ (KC × n floats), kept while large enough. */
const packs: { a?: Float32Array; b?: Float32Array }[] = [];

/** Makes sure part `part` has scratch for an m × n block of C (false when the memory cannot grow). */
function packScratch(arena: Arena, part: number, m: number, n: number, k: number): boolean {
  const kc = Math.min(KC, k);
  const s = (packs[part] ??= {});
  const sa = scratch(arena, s.a, m * kc), sb = sa && scratch(arena, s.b, n * kc);
  if (sa === undefined || sb === undefined) return false;
  s.a = sa;
  s.b = sb;
  return true;
}

function scratch(arena: Arena, old: Float32Array | undefined, n: number): Float32Array | undefined {
  if (old !== undefined && old.length >= n && arena.owns(old)) return old;
  const s = arena.allocF32(Math.max(n, 16));
  return arena.owns(s) ? s : undefined;
}

/** How B(p, j) is laid out: 'rows' at b + p·ldb + 4j (C = A·B, Aᵀ·B); 'cols' at b + 4j·k + 4p (C = A·Bᵀ). */
type BLayout = 'rows' | 'cols';

/**
 * The packed route: per k block, B̃ (column panels of 4·PV32, then one of 4) and Ã (row blocks
 * of PR32, then single rows) are copied into part `part`'s scratch (`packScratch` first) and the
 * tile kernels run on them. n is a multiple of 4 here (the last n mod 4 columns are
 * `lastColumns`'); C's rows are `ldc` bytes apart.
 */
function packed(kern: KernelExports, part: number, mode: Mode, bl: BLayout, a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, accumulate: boolean): void {
  const sa = packs[part]!.a!, sb = packs[part]!.b!;
  const W = 4 * PV32;
  const mR = m - (m % PR32), nV = n - (n % W), n4 = n & ~3;
  const A0 = sa.byteOffset, B0 = sb.byteOffset;
  const rowStep = mode === 'r' ? sI : 4; // bytes from one row of A to the next
  for (let p = 0; p < k; p += KC) {
    const kb = Math.min(KC, k - p);
    const acc = accumulate || p > 0 ? 1 : 0;
    const aT = A0 + 4 * mR * kb, bT = B0 + 4 * nV * kb; // the tail row blocks, the 4-wide panel
    // B̃
    if (bl === 'rows') {
      const src = b + p * ldb;
      if (nV > 0) kern.pk32r(src, B0, nV / W, kb, 4 * W, ldb);
      if (n4 > nV) kern.pk32r1(src + 4 * nV, bT, 1, kb, 16, ldb);
    } else {
      const src = b + 4 * p, sCol = 4 * k;
      if (nV > 0) kern.pk32t(src, B0, nV / W, kb, W * sCol, sCol);
      if (n4 > nV) kern.pk32t1(src + nV * sCol, bT, 1, kb, 4 * sCol, sCol);
    }
    // Ã
    const src = a + p * sP;
    if (mR > 0) {
      if (mode === 'r' && PR32 === 4) kern.pk32t1(src, A0, mR / 4, kb, 4 * sI, sI);
      else if (mode === 'c' && PR32 === 4) kern.pk32r1(src, A0, mR / 4, kb, 16, sP);
      else kern.pk32(src, A0, mR / PR32, kb, PR32, PR32 * rowStep, sP, rowStep, 4 * PR32);
    }
    if (m > mR) kern.pk32(src + mR * rowStep, aT, m - mR, kb, 1, rowStep, sP, 4, 4);
    // the tiles
    if (nV > 0) {
      if (mR > 0) kern.mm32p(A0, B0, c, mR, nV, kb, ldc, acc);
      if (m > mR) kern.mm32p1(aT, B0, c + mR * ldc, m - mR, nV, kb, ldc, acc);
    }
    if (n4 > nV) {
      if (mR > 0) kern.mm32pv(A0, bT, c + 4 * nV, mR, 4, kb, ldc, acc);
      if (m > mR) kern.mm32p1v(aT, bT, c + mR * ldc + 4 * nV, m - mR, 4, kb, ldc, acc);
    }
  }
}

/** The scratch of `lastColumns`: a k × 4 panel of B and an m × 4 block of C. */
let tailB: Float32Array | undefined;
let tailC: Float32Array | undefined;

/** Makes sure the scratch `lastColumns` needs is there (before anything is computed). */
function tailScratch(arena: Arena, m: number, n: number, k: number): boolean {
  if (n % 4 === 0) return true;
  const pb = scratch(arena, tailB, 4 * k), pc = pb && scratch(arena, tailC, 4 * m);
  if (pb === undefined || pc === undefined) return false;
  tailB = pb;
  tailC = pc;
  return true;
}

/**
 * The last t = n mod 4 (1–3) columns of C, with the 4-wide direct kernels: their B columns are
 * copied into a k × 4 panel and C's into an m × 4 block (lane t…3 hold whatever was there: each
 * lane is a column of its own and those are dropped), then the t columns are copied back. Over
 * the whole of k at once, p ascending, as everywhere. `tailScratch` must have been called.
 */
function lastColumns(arena: Arena, mode: Mode, bl: BLayout, a: number, b: number, C: Float32Array, m: number, n: number, k: number, sI: number, sP: number, ldb: number, accumulate: boolean): void {
  const n4 = n & ~3, t = n - n4;
  if (t === 0 || m === 0 || k === 0) return;
  const kern = arena.kernels, P = tailB!, T = tailC!;
  if (bl === 'rows') kern.pk32(b + 4 * n4, P.byteOffset, 1, k, t, 0, ldb, 4, 16);
  else kern.pk32(b + 4 * n4 * k, P.byteOffset, 1, k, t, 0, 4, 4 * k, 16);
  if (accumulate) for (let i = 0; i < m; i++) for (let j = 0; j < t; j++) T[4 * i + j] = C[i * n + n4 + j]!;
  const mR = m - (m % R32), rowStep = mode === 'r' ? sI : 4, acc = accumulate ? 1 : 0;
  const vec = mode === 'r' ? kern.mm32rv : kern.mm32cv, oneVec = mode === 'r' ? kern.mm32r1v : kern.mm32c1v;
  const p0 = P.byteOffset, t0 = T.byteOffset;
  if (mR > 0) vec(a, p0, t0, mR, 4, k, sI, sP, 16, 16, acc);
  if (m > mR) oneVec(a + mR * rowStep, p0, t0 + 16 * mR, m - mR, 4, k, sI, sP, 16, 16, acc);
  for (let i = 0; i < m; i++) for (let j = 0; j < t; j++) C[i * n + n4 + j] = T[4 * i + j]!;
}

/** C (+)= A(i, p)·B over k in blocks of KC; A(i, p) at a + i·sI + p·sP; C's rows `ldc` bytes apart. */
function product(kern: KernelExports, mode: Mode, a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, accumulate: boolean): void {
  if (k === 0) {
    if (!accumulate) kern.mm32s(a, b, c, m, n, 0, sI, sP, ldb, ldc, 0); // C = 0
    return;
  }
  for (let p = 0; p < k; p += KC) {
    const kb = Math.min(KC, k - p);
    block(kern, mode, a + p * sP, b + p * ldb, c, m, n, kb, sI, sP, ldb, ldc, accumulate || p > 0 ? 1 : 0);
  }
}

/**
 * Runs `body(kern, lo, hi, part)` over blocks [lo, hi) of C's first n4 columns (n4 a multiple of
 * 4; inner boundaries multiples of `align`): on this thread with the real kernels when the product
 * is too small to split, else recorded into one list per part and run on the pool. `prepare(part,
 * width)` gets each part's scratch first; false from it means nothing was computed.
 */
function byColumns(arena: Arena, m: number, n4: number, k: number, align: number, body: (kern: KernelExports, lo: number, hi: number, part: number) => void, prepare?: (part: number, width: number) => boolean): boolean {
  const parts = partsFor(m * n4 * k, Math.floor(n4 / align), FLOAT32_SPLIT_SCALE);
  if (parts === 1) {
    if (prepare !== undefined && !prepare(0, n4)) return false;
    body(arena.kernels, 0, n4, 0);
    return true;
  }
  const cuts = splitRange(n4, parts, align);
  if (prepare !== undefined) for (let t = 0; t < parts; t++) if (!prepare(t, cuts[t + 1]! - cuts[t]!)) return false;
  const lists: KernelCall[][] = [];
  for (let t = 0; t < parts; t++) {
    const calls: KernelCall[] = [];
    body(recorder<KernelExports>(KERNEL_NAMES, calls), cuts[t]!, cuts[t + 1]!, t);
    lists.push(calls);
  }
  kernelPool()!.run(lists);
  return true;
}

const inArena = (arena: Arena, a: Matrix32, b: Matrix32, c: Matrix32): boolean => arena.owns(a.data) && arena.owns(b.data) && arena.owns(c.data);

/** Column blocks of the direct kernels (4·V32 wide) and of the packed ones (4·PV32). */
const DIRECT = 4 * V32, PACKED = 4 * PV32;

/**
 * The first n4 columns of C (+)= A(i, p)·B with B row-major (C = A·B, Aᵀ·B): packed when `pack`
 * (and the scratch is there), else with the direct kernels. Strides in bytes.
 */
function overRows(arena: Arena, mode: Mode, pack: boolean, a0: number, b0: number, c0: number, m: number, n4: number, k: number, sI: number, sP: number, ld: number, accumulate: boolean): void {
  const done =
    pack &&
    byColumns(
      arena, m, n4, k, PACKED,
      (kern, lo, hi, part) => packed(kern, part, mode, 'rows', a0, b0 + 4 * lo, c0 + 4 * lo, m, hi - lo, k, sI, sP, ld, ld, accumulate),
      (part, width) => packScratch(arena, part, m, width, k),
    );
  if (!done) byColumns(arena, m, n4, k, DIRECT, (kern, lo, hi) => product(kern, mode, a0, b0 + 4 * lo, c0 + 4 * lo, m, hi - lo, k, sI, sP, ld, ld, accumulate));
}

/** C = A·B (+ C when `accumulate`). A: m×k, B: k×n, C: m×n. */
export function gemmNN32Wasm(a: Matrix32, b: Matrix32, c: Matrix32, accumulate: boolean): boolean {
  const arena = wasmArena();
  if (arena === undefined || !inArena(arena, a, b, c)) return false;
  const m = c.rows, n = c.cols, k = a.cols, n4 = n & ~3, ld = 4 * n;
  if (!tailScratch(arena, m, n, k)) return false; // the memory cannot grow: the plain route
  const a0 = a.data.byteOffset, b0 = b.data.byteOffset, c0 = c.data.byteOffset;
  if (k === 0) {
    product(arena.kernels, 'r', a0, b0, c0, m, n, 0, 4 * k, 4, ld, ld, accumulate); // C = 0 (or kept), every column
    return true;
  }
  // Direct: A's rows and B's rows are read in place, except when B's rows are a multiple of
  // 512 bytes apart: a column panel then falls into a few L1 sets and is evicted before the next
  // row block reads it again (share of the f32x4 peak, packed against direct: 128 x 256 x 512
  // 68 against 51 %, 64 x 64 x 128 59-72 against 55-57 %; at other strides packing measured no
  // faster, and slower for the small products of dae and W3b).
  const pack = m >= PACK_MIN_ROWS && k >= PACK_MIN_ROWS && n4 > 0 && (4 * n) % ALIASING_STRIDE === 0;
  overRows(arena, 'r', pack, a0, b0, c0, m, n4, k, 4 * k, 4, ld, accumulate);
  lastColumns(arena, 'r', 'rows', a0, b0, c.data, m, n, k, 4 * k, 4, ld, accumulate);
  return true;
}

/** C = Aᵀ·B (+ C when `accumulate`). A: k×m, B: k×n, C: m×n. */
export function gemmTN32Wasm(a: Matrix32, b: Matrix32, c: Matrix32, accumulate: boolean): boolean {
  const arena = wasmArena();
  if (arena === undefined || !inArena(arena, a, b, c)) return false;
  const m = c.rows, n = c.cols, k = a.rows, n4 = n & ~3, ld = 4 * n;
  const a0 = a.data.byteOffset, b0 = b.data.byteOffset, c0 = c.data.byteOffset;
  if (!tailScratch(arena, m, n, k)) return false;
  if (k === 0) {
    product(arena.kernels, 'c', a0, b0, c0, m, n, 0, 4, 4 * m, ld, ld, accumulate); // C = 0 (or kept), every column
    return true;
  }
  overRows(arena, 'c', m >= PACK_MIN_ROWS, a0, b0, c0, m, n4, k, 4, 4 * m, ld, accumulate);
  lastColumns(arena, 'c', 'rows', a0, b0, c.data, m, n, k, 4, 4 * m, ld, accumulate);
  return true;
}

/**
 * C = A·Bᵀ (+ C when `accumulate`). A: m×k, B: n×k, C: m×n. Always packed: the packing of B̃ is
 * the transpose this product needs anyway (4×4 shuffle blocks).
 */
export function gemmNT32Wasm(a: Matrix32, b: Matrix32, c: Matrix32, accumulate: boolean): boolean {
  const arena = wasmArena();
  if (arena === undefined || !inArena(arena, a, b, c)) return false;
  const m = c.rows, n = c.cols, k = a.cols, n4 = n & ~3, ld = 4 * n;
  const a0 = a.data.byteOffset, b0 = b.data.byteOffset, c0 = c.data.byteOffset;
  if (!tailScratch(arena, m, n, k)) return false;
  if (k === 0) product(arena.kernels, 'r', a0, b0, c0, m, n, 0, 4 * k, 4, ld, ld, accumulate); // C = 0 (or kept), every column
  else {
    // Column j of C is row j of B: a block of columns starts 4·k bytes per column further into B.
    const ok = byColumns(
      arena, m, n4, k, PACKED,
      (kern, lo, hi, part) => packed(kern, part, 'r', 'cols', a0, b0 + 4 * lo * k, c0 + 4 * lo, m, hi - lo, k, 4 * k, 4, ld, ld, accumulate),
      (part, width) => packScratch(arena, part, m, width, k),
    );
    if (!ok) return false; // no scratch: the plain route
  }
  lastColumns(arena, 'r', 'cols', a0, b0, c.data, m, n, k, 4 * k, 4, ld, accumulate);
  return true;
}
