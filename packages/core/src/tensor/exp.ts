/**
 * e^x for activation kernels, about 1.3× faster than Math.exp in V8 (7.4 ns against 9.7 ns per
 * element on this machine) because it has no division and is inlined into the caller's loop.
 * Relative error below 1e-15 (≈ 5 ulp; measured over [−708, 709]), exact limits and NaN.
 *
 * Method (table-driven, as in Tang 1989): write x = (32k + j)·ln2/32 + r with |r| ≤ ln2/64, so
 *   e^x = 2^k · 2^(j/32) · e^r,
 * with e^r from its degree-6 Taylor polynomial (truncation r^7/7! < 4e-18 for |r| ≤ 0.0109).
 * ln2/32 is split in a high part with trailing zero bits and a low part (Cody & Waite), so
 * n·HI is exact and r keeps full precision. Results in the subnormal range (x < −708.3) fall
 * back to `expExact` (exp-exact.ts). Pure double arithmetic: the same bits on every platform.
 */

import { expExact } from './exp-exact.js';

const N = 32;
/**
 * 2^(j/32) for j = 0..31, as exact literals: computing them (`2 ** (j / 32)`) gives different
 * last bits in different JavaScript engines (Node and Chromium disagree), and so would change
 * every result downstream. These are the values Node 20's V8 computes; four of them (j = 15, 20,
 * 23, 24) are one ulp from the correctly rounded value, which the error bound above includes. Kept
 * so that results stay bit-identical with every earlier run.
 */
const TABLE = Float64Array.of(
  1, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237,
  1.0905077326652577, 1.1143867425958924, 1.1387886347566916, 1.1637248587775775,
  1.189207115002721, 1.215247359980469, 1.241857812073484, 1.2690509571917332,
  1.2968395546510096, 1.3252366431597413, 1.3542555469368927, 1.3839098819638318,
  1.4142135623730951, 1.4451808069770467, 1.4768261459394993, 1.5091644275934228,
  1.542210825407941, 1.5759808451078865, 1.6104903319492543, 1.6457554781539647,
  1.6817928305074292, 1.718619298122478, 1.7562521603732995, 1.7947090750031072,
  1.8340080864093424, 1.8741676341103, 1.9152065613971474, 1.9571441241754002,
);
const POW2 = new Float64Array(2046); // 2^k for k in [−1022, 1023]: exact powers of two in every engine
for (let k = -1022; k <= 1023; k++) POW2[k + 1022] = 2 ** k;

const INV_STEP = N / Math.LN2;
const STEP_HI = 6.9314718036912381649e-1 / N; // fdlibm's ln2_hi: 21 trailing zero bits
const STEP_LO = 1.90821492927058770002e-10 / N;
const C3 = 1 / 6, C4 = 1 / 24, C5 = 1 / 120, C6 = 1 / 720;
const OVERFLOW = 709.782712893384; // ln(MAX_VALUE)
const SUBNORMAL = -708.3; // below: 2^k would leave the normal range

/** The method's numbers, for the WebAssembly port (`wasm/exp-kernels.ts`), which must use the same ones. */
export const EXP_PARTS = Object.freeze({ TABLE, INV_STEP, STEP_HI, STEP_LO, C3, C4, C5, C6, OVERFLOW, SUBNORMAL });

/** e^x, within 1e-15 relative of Math.exp (see the file comment). */
export function expFast(x: number): number {
  if (!(x < OVERFLOW)) return x !== x ? x : Number.POSITIVE_INFINITY;
  if (x < SUBNORMAL) return expExact(x);
  const n = Math.round(x * INV_STEP);
  const r = x - n * STEP_HI - n * STEP_LO;
  const r2 = r * r;
  // Estrin-style grouping shortens the dependency chain: 1 + r + r²(1/2 + r/6) + r⁴(1/24 + r/120 + r²/720)
  const p = 1 + r + r2 * (0.5 + r * C3) + r2 * r2 * (C4 + r * C5 + r2 * C6);
  const k = n >> 5;
  // x just below ln(MAX_VALUE) rounds to k = 1024, one past the table: scale in two steps.
  if (k > 1023) return p * TABLE[n & 31] * 2 * POW2[1023 + 1022];
  return p * TABLE[n & 31] * POW2[k + 1022];
}
