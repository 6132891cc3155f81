/**
 * e^x with the same bits in every JavaScript engine (Math.exp is implementation-defined: Node 20
 * and Chromium 156 disagree in the last bit for about 10 % of inputs, measured). The algorithm is
 * Sun's fdlibm `__ieee754_exp`, the one Node 20's V8 implements, written out in double arithmetic,
 * so it returns exactly what Node's Math.exp returns (tested over millions of inputs):
 *   x = k·ln2 + r with |r| ≤ ln2/2 (ln2 split in a high part with trailing zeros and a low part),
 *   e^r = 1 + r + r·c(r)/(2 − c(r)), c(r) = r − r²·P(r²) with P a degree-5 minimax polynomial,
 *   e^x = 2^k · e^r, the power of two put into the exponent bits.
 * `expFast` (exp.ts) is the faster kernel for activations; this one is for values that must
 * match an earlier Math.exp bit for bit.
 */

const HALF = [0.5, -0.5] as const;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const LN2_HI = [6.93147180369123816490e-1, -6.93147180369123816490e-1] as const;
const LN2_LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10] as const;
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000

const F = new Float64Array(1);
const W = new Int32Array(F.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;

/** e^x, bit-identical to fdlibm (and so to Node 20's Math.exp) on every engine. */
export function expExact(x: number): number {
  F[0] = x;
  const sign = (W[HI]! >>> 31) as 0 | 1;
  const hx = W[HI]! & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78: non-finite, overflow or underflow
    if (hx >= 0x7ff00000) return x !== x ? x : sign === 0 ? x : 0;
    if (x > O_THRESHOLD) return Number.POSITIVE_INFINITY;
    if (x < U_THRESHOLD) return 0;
  }
  let k = 0;
  let hi = 0;
  let lo = 0;
  let r = x;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce
    if (hx < 0x3ff0a2b2) {
      hi = x - LN2_HI[sign];
      lo = LN2_LO[sign];
      k = 1 - sign - sign;
    } else {
      k = Math.trunc(INV_LN2 * x + HALF[sign]);
      hi = x - k * LN2_HI[0];
      lo = k * LN2_LO[0];
    }
    r = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  F[0] = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k >= -1021) {
    W[HI] = W[HI]! + (k << 20);
    return F[0]!;
  }
  W[HI] = W[HI]! + ((k + 1000) << 20);
  return F[0]! * TWO_M1000;
}
