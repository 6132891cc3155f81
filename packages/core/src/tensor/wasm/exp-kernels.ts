import { op as o, type Code } from './emit.js';
import type { MapLocals } from './elementwise-kernels.js';
import { EXP_PARTS } from '../exp.js';

// `expFast` (tensor/exp.ts) on f64x2 lanes, for the logistic and tanh forward kernels (see
// `KernelExports.lgf64` in `kernels.ts`). The same numbers (EXP_PARTS), the same operations in
// the same order, so the same bits:
//   n = Math.round(x·32/ln2) (ties toward +∞: ceil, less one where ceil − ½ > y),
//   r = (x − n·hi) − n·lo,  p = the same grouping of the degree-6 polynomial,
//   e^x = ((p·2^(j/32))·2^k)·1, or ((p·2^(j/32))·2)·2^1023 when k = 1024 (the table is in memory).
// x ≥ ln(MAX_VALUE) gives +∞ and NaN stays NaN, as in expFast. Below −708.3 expFast calls
// `expExact`; here such lanes get +0 instead, which the two users cannot tell apart: e^x < 2^-1021
// there, so 1 + e^x is exactly 1 either way (logistic: 1, tanh: −1).

const K = (x: number): Code => [o.f64(x), o.f64x2Splat];

/** e^x of the f64x2 in local `x`, left on the stack; `tbl`: the i32 parameter with the table's address. */
function expLanes(x: number, tbl: number, l: MapLocals): Code {
  const [y, n, p, r2, pw, tb, ni, big] = l.t as [number, number, number, number, number, number, number, number];
  const E = EXP_PARTS;
  const lane = (i: number): Code => [
    o.get(tbl), o.get(ni), o.i32x4ExtractLane(i), o.i32(31), o.i32And, o.i32(3), o.i32Shl, o.i32Add, o.get(tb), o.v128Load64Lane(i), o.set(tb),
  ];
  return [
    // n = Math.round(x·INV_STEP)
    o.get(x), K(E.INV_STEP), o.f64x2Mul, o.set(y),
    o.get(y), o.f64x2Ceil, o.set(n),
    o.get(n), K(1), o.f64x2Sub, o.get(n), o.get(n), K(0.5), o.f64x2Sub, o.get(y), o.f64x2Gt, o.bitselect, o.set(n),
    // r = x − n·hi − n·lo (in y), r2 = r·r
    o.get(x), o.get(n), K(E.STEP_HI), o.f64x2Mul, o.f64x2Sub, o.get(n), K(E.STEP_LO), o.f64x2Mul, o.f64x2Sub, o.set(y),
    o.get(y), o.get(y), o.f64x2Mul, o.set(r2),
    // p = 1 + r + r2·(1/2 + r·C3) + r2·r2·(C4 + r·C5 + r2·C6)
    K(1), o.get(y), o.f64x2Add, o.get(r2), K(0.5), o.get(y), K(E.C3), o.f64x2Mul, o.f64x2Add, o.f64x2Mul, o.f64x2Add,
    o.get(r2), o.get(r2), o.f64x2Mul, K(E.C4), o.get(y), K(E.C5), o.f64x2Mul, o.f64x2Add, o.get(r2), K(E.C6), o.f64x2Mul, o.f64x2Add, o.f64x2Mul,
    o.f64x2Add, o.set(p),
    // j = n & 31 (the table entry, gathered), k = n >> 5 (2^k built in the exponent bits)
    o.get(n), o.i32x4TruncSatF64x2SZero, o.set(ni),
    o.get(l.zero), o.set(tb), lane(0), lane(1),
    o.get(ni), o.i32(5), o.i32x4ShrS, o.set(ni),
    o.get(ni), o.i32(1023), o.i32x4Splat, o.i32x4GtS, o.i64x2ExtendLowI32x4S, o.set(big),
    o.get(ni), o.i64x2ExtendLowI32x4S, o.i64(1023), o.i64x2Splat, o.i64x2Add, o.i32(52), o.i64x2Shl, o.set(pw),
    // ((p·T)·a)·b with (a, b) = (2^k, 1), or (2, 2^1023) when k > 1023
    o.get(p), o.get(tb), o.f64x2Mul,
    K(2), o.get(pw), o.get(big), o.bitselect, o.f64x2Mul,
    K(2 ** 1023), K(1), o.get(big), o.bitselect, o.f64x2Mul,
    // !(x < OVERFLOW): x when NaN, else +∞
    K(Infinity), o.get(x), o.get(x), o.get(x), o.f64x2Eq, o.bitselect,
    o.get(x), K(E.OVERFLOW), o.f64x2Lt, o.bitselect,
    // x < SUBNORMAL: +0 (see the file comment)
    o.set(pw), o.get(l.zero), o.get(pw), o.get(x), K(E.SUBNORMAL), o.f64x2Lt, o.bitselect,
  ];
}

/** expFast itself (for tests): y = e^z, but +0 below −708.3. Inputs (z); pointers (table). */
export const expBody = (l: MapLocals): Code => expLanes(l.x[0]!, l.p[0]!, l);

/** Logistic forward: 1 / (1 + expFast(k·z)), k = −2β. Inputs (z); pointers (table); constants (k). */
export const logisticBody = (l: MapLocals): Code => {
  const [z] = l.x as [number], [k] = l.c as [number], [tbl] = l.p as [number];
  // k·z replaces z in its local (loaded afresh for every step)
  return [o.get(k), o.get(z), o.f64x2Mul, o.set(z), K(1), K(1), expLanes(z, tbl, l), o.f64x2Add, o.f64x2Div];
};

/** Tanh forward: 1 − 2 / (1 + expFast(k·z)), k = 2β. Inputs (z); pointers (table); constants (k). */
export const tanhBody = (l: MapLocals): Code => {
  const [z] = l.x as [number], [k] = l.c as [number], [tbl] = l.p as [number];
  return [o.get(k), o.get(z), o.f64x2Mul, o.set(z), K(1), K(2), K(1), expLanes(z, tbl, l), o.f64x2Add, o.f64x2Div, o.f64x2Sub];
};
