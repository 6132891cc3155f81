/** Round numbers for axes: steps of 1, 2 or 5 times a power of ten. */

/** The 1-2-5 step closest to `span / count` (Heckbert, "Nice numbers for graph labels", 1990). */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  // Multiply (not `f * power`) through a decimal string so 0.1 * 3 stays 0.3, not 0.30000000000000004.
  return Number(`${f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10}e${Math.floor(Math.log10(raw))}`);
}

/** `k * step` without binary noise (3 * 0.1 -> 0.3). */
export function multiple(k: number, step: number): number {
  return Number((k * step).toPrecision(12));
}

/** Writes a number with `decimals` digits after the point, without a '-0'. */
export function formatFixed(v: number, decimals: number): string {
  const s = v.toFixed(Math.max(0, decimals));
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Decimals needed to tell multiples of `step` apart (0.25 -> 2, 2 -> 0). */
export function decimalsFor(step: number): number {
  for (let d = 0; d <= 6; d++) {
    if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6 * 10 ** d) return d;
  }
  return 6;
}
