/**
 * ln x with the same bits in every JavaScript engine. Math.log is implementation-defined: Node 20
 * and Chromium 156 disagree in the last bit for about 8 % of inputs (measured), which made loss
 * values, and everything drawn through Box–Muller, differ between a page and Node.
 *
 * The algorithm is Sun's fdlibm `__ieee754_log` (the one Node 20's V8 implements), written out in
 * double arithmetic on the IEEE-754 words, so it returns exactly what Node's Math.log returns
 * (tested over a million inputs) and the same in a browser:
 *   x = 2^k (1 + f) with √2/2 < 1 + f < √2,  s = f / (2 + f),
 *   ln(1 + f) = 2s + s·R(s²) with R a degree-14 minimax polynomial in s (7 coefficients),
 *   ln x = k·ln2_hi + (ln(1 + f) + k·ln2_lo), ln2 split so that k·ln2_hi is exact.
 */

export const LN2_HI = 6.93147180369123816490e-1; // upper bits of ln 2 (trailing zeros: k·LN2_HI exact)
export const LN2_LO = 1.90821492927058770002e-10;
export const TWO54 = 1.80143985094819840000e16;
export const L1 = 6.666666666666735130e-1;
export const L2 = 3.999999999940941908e-1;
export const L3 = 2.857142874366239149e-1;
export const L4 = 2.222219843214978396e-1;
export const L5 = 1.818357216161805012e-1;
export const L6 = 1.531383769920937332e-1;
export const L7 = 1.479819860511658591e-1;

const F = new Float64Array(1);
const W = new Int32Array(F.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;

/** ln x, bit-identical to fdlibm (and so to Node 20's Math.log) on every engine. */
export function logExact(x: number): number {
  F[0] = x;
  let hx = W[HI]!;
  const lx = W[LO]!;
  let k = 0;
  if (hx < 0x00100000) {
    // zero, negative, NaN-free subnormal
    if (((hx & 0x7fffffff) | lx) === 0) return Number.NEGATIVE_INFINITY;
    if (hx < 0) return Number.NaN;
    k -= 54;
    F[0] = x * TWO54;
    hx = W[HI]!;
  }
  if (hx >= 0x7ff00000) return x + x; // +Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  W[HI] = hx | (i ^ 0x3ff00000); // the mantissa scaled into [√2/2, √2)
  k += i >> 20;
  const f = F[0]! - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20: a short series is enough
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (L2 + w * (L4 + w * L6));
  const t2 = z * (L1 + w * (L3 + w * (L5 + w * L7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}
