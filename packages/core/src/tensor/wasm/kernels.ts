import { emitModule, type FuncDef } from './emit.js';
import { adam, adam32, adamf32 } from './adam-kernels.js';
import { mm, mmColumn, mt, mtColumns } from './gemm-kernels.js';
import { ELEMENTWISE_NAMES, elementwiseKernels } from './elementwise-kernels.js';
import { bceValueKernel, logKernel, mseSumKernel } from './log-kernels.js';
import { boxMullerKernels } from './trig-kernels.js';
import { mm32, mm32Packed, mm32Scalar, pack32, pack32Rows, pack32T, peak32 } from './gemm32-kernels.js';

/**
 * The float32 tile: `R32` rows × 4·`V32` columns of C in v128 locals (R32·V32 accumulators, V32
 * B vectors and one splat: V8 on x64 allocates 15 of the 16 xmm registers). `U32`: the p unroll
 * of the row-major kernels; 1, because V8 issues an unrolled body's loads first and then spills
 * (4×2 unrolled by 4 measured at about half the speed). 4×2, 2×4, 3×2 and 2×3 measured alike
 * (at the peak loop's rate with the data in L1); 3×3, 5×2, 6×2 and 2×5 spill and are slower.
 */
export const R32 = 4, V32 = 2, U32 = 1;

/** The packed tile (`mm32p`): PR32 rows × 4·PV32 columns. */
export const PR32 = 4, PV32 = 2;

/**
 * sia's WebAssembly SIMD kernels (f64x2), written with the emitter in `emit.ts`.
 *
 * Every kernel computes each output element with the same operations in the same order as the
 * plain TypeScript loop it replaces (a multiply, then an add; no fused multiply-add; sums over p
 * ascending). IEEE 754 makes +, ×, ÷ and √ correctly rounded in both, so results are bit-identical
 * to the plain path: the SIMD lanes only run two independent elements at once. The one exception
 * is `adam32`, Adam's opt-in float32 mode, whose scalar twin (with Math.fround) lives beside the
 * Adam optimizer. Pointers are byte offsets into the shared memory, 16-byte aligned.
 */

/** The exported functions, as JavaScript sees them. */
export interface KernelExports {
  /**
   * Adam over n (even) elements, in place: m ← b1·m + c1·g; v ← b2·v + (c2·g)·g;
   * w ← w − (s·m) / (√v·k + eps).
   */
  adam(w: number, g: number, m: number, v: number, n: number, b1: number, b2: number, c1: number, c2: number, s: number, k: number, eps: number): void;
  /**
   * As `adam` over n (a multiple of 4) elements of float64 w and g, with FLOAT32 moments m, v
   * (pointers to Float32Arrays) and the whole update in float32, four lanes: g' = f32(g),
   * m ← b1·m + c1·g', v ← b2·v + (c2·g')·g', w ← w − f64((s·m) / (√v·k + eps)), every constant
   * rounded to f32. Each f32 operation is correctly rounded, so `Math.fround` after each
   * operation gives the same bits in scalar code.
   */
  adam32(w: number, g: number, m: number, v: number, n: number, b1: number, b2: number, c1: number, c2: number, s: number, k: number, eps: number): void;
  /**
   * As `adam32` with float32 w and g too (a float32 network): w ← w − (s·m) / (√v·k + eps), all in
   * float32, four lanes; the scalar twin is the same `Math.fround` loop on Float32Arrays.
   */
  adamf32(w: number, g: number, m: number, v: number, n: number, b1: number, b2: number, c1: number, c2: number, s: number, k: number, eps: number): void;
  /**
   * C[i][j] (+)= Σ_p A(i, p)·B[p][j] for i < m (a multiple of 4 for `mm4`), j < n4 (a multiple of 4),
   * where A(i, p) is at a + i·sI + p·sP (bytes), B is k × ldb and C is · × ldc (row strides in bytes).
   * With sI = 8·k, sP = 8 this is C = A·B; with sI = 8, sP = 8·m it is C = Aᵀ·B.
   */
  mm4(a: number, b: number, c: number, m: number, n4: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  mm1(a: number, b: number, c: number, m: number, n4: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /** As `mm4`/`mm1`, 2 columns per block (n a multiple of 2). */
  mm4h(a: number, b: number, c: number, m: number, n2: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  mm1h(a: number, b: number, c: number, m: number, n2: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /** As `mm1` for one column (scalar); `n` is ignored. */
  mmc(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /**
   * C[i][j] (+)= Σ_p A[i][p]·B[j][p] (C = A·Bᵀ) for i < m (a multiple of 4 for `mt4`), j < n8 (a
   * multiple of 8); A is m×k, B is n×k, C has row stride ldc bytes. The lanes hold two columns
   * j, j+1 (one element from each of two rows of B), so each sum still runs over p ascending.
   */
  mt4(a: number, b: number, c: number, m: number, n8: number, k: number, ldc: number, acc: number): void;
  mt1(a: number, b: number, c: number, m: number, n8: number, k: number, ldc: number, acc: number): void;
  /** As `mt1` for any number of columns, one dot product at a time (scalar). */
  mtc(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number, acc: number): void;
  /**
   * Float32: C[i][j] (+)= Σ_p A[i][p]·B[p][j] (A row-major: a + i·sI + 4p; sP unused) for i < m (a
   * multiple of R32), j < n (a multiple of 4·V32); B[p][j] at b + p·ldb + 4j, C[i][j] at
   * c + i·ldc + 4j. Each element c = f32(c + f32(a·b)), p ascending (`gemm32-reference.ts`).
   */
  mm32r(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /** As `mm32r`, one row at a time (any m). */
  mm32r1(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /** As `mm32r`, 4 columns at a time (n a multiple of 4). */
  mm32rv(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /** As `mm32r`, one row and 4 columns at a time. */
  mm32r1v(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /** As `mm32r` … `mm32r1v` with A column-major (A(i, p) at a + 4i + p·sP; sI unused): C = Aᵀ·B. */
  mm32c(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  mm32c1(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  mm32cv(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  mm32c1v(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /** Scalar float32, any m and n, A(i, p) at a + i·sI + p·sP (used to zero C when k = 0). */
  mm32s(a: number, b: number, c: number, m: number, n: number, k: number, sI: number, sP: number, ldb: number, ldc: number, acc: number): void;
  /**
   * Float32 on packed operands: C[i][j] (+)= Σ_p Ã·B̃ for i < m (a multiple of PR32), j < n (a
   * multiple of 4·PV32), k ≥ 1; Ã in row blocks of k × PR32 floats, B̃ in column panels of
   * k × 4·PV32 floats (see `mm32Packed`); C row stride ldc bytes. Same per-element order.
   */
  mm32p(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number, acc: number): void;
  /** As `mm32p` with one-row blocks of Ã (any m). */
  mm32p1(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number, acc: number): void;
  /** As `mm32p` with 4-column panels of B̃. */
  mm32pv(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number, acc: number): void;
  /** As `mm32p` with one-row blocks and 4-column panels. */
  mm32p1v(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number, acc: number): void;
  /** Packing, scalar, any layout (see `pack32`). */
  pk32(src: number, dst: number, blocks: number, k: number, w: number, sBlock: number, sRow: number, sCol: number, dRow: number): void;
  /** Packing of row-contiguous panels of 4·PV32 floats (`pk32r`) or 4 floats (`pk32r1`). */
  pk32r(src: number, dst: number, blocks: number, k: number, sBlock: number, sRow: number): void;
  pk32r1(src: number, dst: number, blocks: number, k: number, sBlock: number, sRow: number): void;
  /** Transposing packing of 4·PV32 (`pk32t`) or 4 (`pk32t1`) runs contiguous in p (see `pack32T`). */
  pk32t(src: number, dst: number, blocks: number, k: number, sBlock: number, sCol: number): void;
  pk32t1(src: number, dst: number, blocks: number, k: number, sBlock: number, sCol: number): void;
  /** The f32x4 multiply-add peak loop (bench): 4·7·iters pairs on registers, y = 1. */
  peak32(iters: number, y: number): void;

  // Per-element kernels (`elementwise-kernels.ts`, dispatched by `elementwise-wasm.ts`). Suffix
  // 64: float64 arrays; 32: float32 arrays (values computed in float64, stored rounded); 32t:
  // float32 with a float64 target. n: element count; any n, any 4-byte alignment for float32.

  /** ln x, `logExact`'s bits (`log-kernels.ts`). */
  logx(x: number): number;
  /**
   * Box–Muller over `pairs` pairs (v, u2) of uniforms in [0, 1) at u: out gets r·cos a, r·sin a
   * with r = √(−2·ln(1 − v)), a = 2π·u2, the bits of `Rng.normal`
   * (`trig-kernels.ts`).
   */
  bmx(u: number, out: number, pairs: number): void;
  /** The BCE sum −Σ t·ln p + (1 − t)·ln(1 − p), p clamped to [lo, hi], in order, stored at out. */
  bce64(p: number, t: number, n: number, lo: number, hi: number, out: number): void;
  bce32(p: number, t: number, n: number, lo: number, hi: number, out: number): void;
  bce32t(p: number, t: number, n: number, lo: number, hi: number, out: number): void;
  /** The squared-error sum Σ (p − t)², in order, stored at out. */
  mse64(p: number, t: number, n: number, out: number): void;
  mse32(p: number, t: number, n: number, out: number): void;
  mse32t(p: number, t: number, n: number, out: number): void;
  /** The `bytes` bytes at v copied to each of `rows` consecutive rows at out (`fillRows`). */
  frows(v: number, out: number, rows: number, bytes: number): void;
  /** out[j] = (acc ? out[j] : 0) + Σ_i x[i][j], rows ascending (`columnSums`); rowBytes = 8·cols or 4·cols. */
  csum64(x: number, out: number, rows: number, rowBytes: number, acc: number): void;
  csum32(x: number, out: number, rows: number, rowBytes: number, acc: number): void;
  /** y = z > 0 ? z : a·z + 0. */
  relu64(z: number, y: number, n: number, a: number): void;
  relu32(z: number, y: number, n: number, a: number): void;
  /** dz = z > 0 ? dy : a·dy + 0. */
  relub64(z: number, dy: number, dz: number, n: number, a: number): void;
  relub32(z: number, dy: number, dz: number, n: number, a: number): void;
  /** dz = dy·k·y·(1 − y) (logistic); `one` = 1. */
  lgb64(y: number, dy: number, dz: number, n: number, k: number, one: number): void;
  lgb32(y: number, dy: number, dz: number, n: number, k: number, one: number): void;
  /** dz = dy·b·(1 − y·y) (tanh); `one` = 1. */
  tanhb64(y: number, dy: number, dz: number, n: number, b: number, one: number): void;
  tanhb32(y: number, dy: number, dz: number, n: number, b: number, one: number): void;
  /** g = (k·(p − t)) / (p·(1 − p)), p = P clamped to [lo, hi] (BCE); `one` = 1. */
  bceg64(p: number, t: number, g: number, n: number, lo: number, hi: number, k: number, one: number): void;
  bceg32(p: number, t: number, g: number, n: number, lo: number, hi: number, k: number, one: number): void;
  bceg32t(p: number, t: number, g: number, n: number, lo: number, hi: number, k: number, one: number): void;
  /** g = k·(p − t) (MSE). */
  mseg64(p: number, t: number, g: number, n: number, k: number): void;
  mseg32(p: number, t: number, g: number, n: number, k: number): void;
  mseg32t(p: number, t: number, g: number, n: number, k: number): void;
  /** y = 1 / (1 + expFast(k·z)) (logistic, k = −2β); `table`: the 32 float64 values of expFast's 2^(j/32) (`exp-kernels.ts`). */
  lgf64(z: number, y: number, n: number, table: number, k: number): void;
  lgf32(z: number, y: number, n: number, table: number, k: number): void;
  /** y = 1 − 2 / (1 + expFast(k·z)) (tanh, k = 2β); `table` as for `lgf64`. */
  tanhf64(z: number, y: number, n: number, table: number, k: number): void;
  tanhf32(z: number, y: number, n: number, table: number, k: number): void;
  /** y = expFast(z) for z ≥ −708.3 (+0 below: see `exp-kernels.ts`); for tests. */
  exp64(z: number, y: number, n: number, table: number): void;
}

/** The kernel names, for checks. */
export const KERNEL_NAMES = [
  'adam', 'adam32', 'adamf32', 'mm4', 'mm1', 'mm4h', 'mm1h', 'mmc', 'mt4', 'mt1', 'mtc',
  'mm32r', 'mm32r1', 'mm32rv', 'mm32r1v', 'mm32c', 'mm32c1', 'mm32cv', 'mm32c1v', 'mm32s', 'peak32',
  'mm32p', 'mm32p1', 'mm32pv', 'mm32p1v', 'pk32', 'pk32r', 'pk32r1', 'pk32t', 'pk32t1',
  'logx', 'bmx', 'bce64', 'bce32', 'bce32t', 'mse64', 'mse32', 'mse32t', ...ELEMENTWISE_NAMES,
] as const;

/** The float32 functions. */
function float32Kernels(): FuncDef[] {
  return [
    mm32('mm32r', R32, V32, 'rows', U32), mm32('mm32r1', 1, V32, 'rows', U32),
    mm32('mm32rv', R32, 1, 'rows', U32), mm32('mm32r1v', 1, 1, 'rows', U32),
    mm32('mm32c', R32, V32, 'cols', 1), mm32('mm32c1', 1, V32, 'cols', 1),
    mm32('mm32cv', R32, 1, 'cols', 1), mm32('mm32c1v', 1, 1, 'cols', 1),
    mm32Scalar('mm32s'), peak32('peak32'),
    mm32Packed('mm32p', PR32, PV32, 1), mm32Packed('mm32p1', 1, PV32, 1),
    mm32Packed('mm32pv', PR32, 1, 1), mm32Packed('mm32p1v', 1, 1, 1),
    pack32('pk32'), pack32Rows('pk32r', PV32), pack32Rows('pk32r1', 1), pack32T('pk32t', PV32), pack32T('pk32t1', 1),
  ];
}

/** The module bytes (built once per process; a few kilobytes). */
export function kernelModuleBytes(maxPages: number): Uint8Array {
  // logx first: its index is LOG_INDEX, which the BCE kernels call.
  const log = [logKernel(), bceValueKernel('bce64', 'f64', 'f64'), bceValueKernel('bce32', 'f32', 'f32'), bceValueKernel('bce32t', 'f32', 'f64'),
    mseSumKernel('mse64', 'f64', 'f64'), mseSumKernel('mse32', 'f32', 'f32'), mseSumKernel('mse32t', 'f32', 'f64')];
  return emitModule([...log, ...boxMullerKernels(log.length), adam(), adam32(), adamf32(), mm(4, 2), mm(1, 2), mm(4, 1), mm(1, 1), mmColumn(), mt(4), mt(1), mtColumns(), ...float32Kernels(), ...elementwiseKernels()], maxPages);
}
