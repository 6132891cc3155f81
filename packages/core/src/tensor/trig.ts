/**
 * sin and cos with the same bits in every JavaScript engine (Math.sin and Math.cos are
 * implementation-defined: Node 20 and Chromium 156 disagree in the last bit for about 3 % of
 * inputs, measured), for Box–Muller's angles. The algorithm is Sun's fdlibm (`__kernel_sin`,
 * `__kernel_cos` and the medium-range `__ieee754_rem_pio2`), the one Node 20's V8 implements,
 * so both return exactly what Node's Math.sin and Math.cos return (tested over millions of
 * inputs). Arguments beyond 2^19·π/2 would need the long reduction and go to Math.sin/Math.cos.
 */

// fdlibm's constants (exported for the WebAssembly twin in `wasm/trig-kernels.ts`).
export const S1 = -1.66666666666666324348e-1, S2 = 8.33333333332248946124e-3, S3 = -1.98412698298579493134e-4;
export const S4 = 2.75573137070700676789e-6, S5 = -2.50507602534068634195e-8, S6 = 1.58969099521155010221e-10;
export const C1 = 4.16666666666666019037e-2, C2 = -1.38888888888741095749e-3, C3 = 2.48015872894767294178e-5;
export const C4 = -2.75573143513906633035e-7, C5 = 2.08757232129817482790e-9, C6 = -1.13596475577881948265e-11;
export const INV_PIO2 = 6.36619772367581382433e-1;
export const PIO2_1 = 1.57079632673412561417, PIO2_1T = 6.07710050650619224932e-11;
export const PIO2_2 = 6.07710050630396597660e-11, PIO2_2T = 2.02226624879595063154e-21;
export const PIO2_3 = 2.02226624871116645580e-21, PIO2_3T = 8.47842766036889956997e-32;

const F = new Float64Array(1);
const W = new Int32Array(F.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;
const high = (x: number): number => ((F[0] = x), W[HI]!);

/** sin on [−π/4, π/4] of x + y (y the tail of a reduced argument; `tail` 0 when there is none). */
function kernelSin(x: number, y: number, tail: 0 | 1): number {
  if ((high(x) & 0x7fffffff) < 0x3e400000 && Math.trunc(x) === 0) return x; // |x| < 2^-27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return tail === 0 ? x + v * (S1 + z * r) : x - (z * (0.5 * y - v * r) - y - v * S1);
}

/** cos on [−π/4, π/4] of x + y. */
function kernelCos(x: number, y: number): number {
  const ix = high(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  let qx: number;
  if (ix > 0x3fe90000) qx = 0.28125;
  else {
    W[HI] = ix - 0x00200000; // x/4 with the low word cleared
    W[LO] = 0;
    qx = F[0]!;
  }
  const hz = 0.5 * z - qx;
  return 1 - qx - (hz - (z * r - x * y));
}

const REDUCED = new Float64Array(2);

/** x − n·π/2 as REDUCED[0] + REDUCED[1] (|x| ≤ 2^19·π/2); returns n. */
function reduce(x: number): number {
  const hx = high(x);
  const ix = hx & 0x7fffffff;
  const t0 = Math.abs(x);
  const n = Math.trunc(t0 * INV_PIO2 + 0.5);
  let r = t0 - n * PIO2_1;
  let w = n * PIO2_1T;
  const j = ix >> 20;
  let y0 = r - w;
  let i = j - ((high(y0) >> 20) & 0x7ff);
  if (i > 16) {
    // cancellation: a second round of π/2's bits
    let t = r;
    w = n * PIO2_2;
    r = t - w;
    w = n * PIO2_2T - (t - r - w);
    y0 = r - w;
    i = j - ((high(y0) >> 20) & 0x7ff);
    if (i > 49) {
      t = r;
      w = n * PIO2_3;
      r = t - w;
      w = n * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  if (hx < 0) {
    REDUCED[0] = -y0;
    REDUCED[1] = -y1;
    return -n;
  }
  REDUCED[0] = y0;
  REDUCED[1] = y1;
  return n;
}

/** sin x, bit-identical to fdlibm (Node 20's Math.sin) for |x| ≤ 2^19·π/2. */
export function sinExact(x: number): number {
  const ix = high(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, 0);
  if (ix >= 0x7ff00000) return x - x;
  if (ix > 0x413921fb) return Math.sin(x);
  const n = reduce(x);
  const a = REDUCED[0]!, b = REDUCED[1]!;
  switch (n & 3) {
    case 0: return kernelSin(a, b, 1);
    case 1: return kernelCos(a, b);
    case 2: return -kernelSin(a, b, 1);
    default: return -kernelCos(a, b);
  }
}

/** cos x, bit-identical to fdlibm (Node 20's Math.cos) for |x| ≤ 2^19·π/2. */
export function cosExact(x: number): number {
  const ix = high(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return x - x;
  if (ix > 0x413921fb) return Math.cos(x);
  const n = reduce(x);
  const a = REDUCED[0]!, b = REDUCED[1]!;
  switch (n & 3) {
    case 0: return kernelCos(a, b);
    case 1: return -kernelSin(a, b, 1);
    case 2: return -kernelCos(a, b);
    default: return kernelSin(a, b, 1);
  }
}
