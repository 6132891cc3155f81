/**
 * Tick positions and labels for plot axes: "nice" linear steps (1, 2 or 5 times a power of ten)
 * and decades for log scales.
 */

/** One tick: where it sits (in data units) and what it says (empty for an unlabelled minor tick). */
export interface Tick {
  readonly value: number;
  readonly label: string;
  readonly minor?: boolean;
}

/** The 1-2-5 step closest to `span / count` (Heckbert, "Nice numbers for graph labels", 1990). */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

/** Range [min, max] widened outwards to whole multiples of the nice step. */
export function niceRange(min: number, max: number, count = 5): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceRange(min - pad, max + pad, count);
  }
  const step = niceStep(max - min, count);
  return [Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step];
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

/** Short label for a number: 3 significant digits, fixed notation in [1e-3, 1e5), else `1.5e-4` style. */
export function formatNumber(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const strip = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (a >= 1e-3 && a < 1e5) return strip(v.toPrecision(3));
  const exp = Math.floor(Math.log10(a));
  return `${strip((v / 10 ** exp).toFixed(2))}e${exp}`;
}

/** Linear ticks at nice steps covering [min, max] (the ends included when they fall on the step). */
export function linearTicks(min: number, max: number, count = 5, integer = false): Tick[] {
  let step = niceStep(max - min, count);
  if (integer) step = Math.max(1, Math.round(step));
  const d = decimalsFor(step);
  const ticks: Tick[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  for (let k = first; k <= last; k++) {
    const value = k * step || 0; // no -0
    ticks.push({ value, label: Math.abs(value) >= 1e5 ? formatNumber(value) : formatFixed(value, d) });
  }
  return ticks;
}

/** Label of m * 10^k: written out (0.002) when `fixed`, else in exponent form (2e-3). */
function powerLabel(m: number, k: number, fixed: boolean): string {
  return fixed ? formatFixed(m * 10 ** k, Math.max(0, -k)) : `${m}e${k}`;
}

/**
 * Ticks for a log axis over [min, max] (both > 0): a labelled tick at every power of ten (written
 * out between 0.001 and 10000, else all as 1e-5 style), and
 * minor ticks at 2..9 times each. When the range spans at most two decades the 2 and 5 ticks are
 * labelled too, so a short axis still has numbers on it.
 */
export function logTicks(min: number, max: number): Tick[] {
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const labelMinor = hi - lo <= 2;
  // One style per axis: written out while every decade is between 0.001 and 10000.
  const fixed = lo >= -3 && hi <= 4;
  const ticks: Tick[] = [];
  for (let k = lo; k <= hi; k++) {
    const base = 10 ** k;
    ticks.push({ value: base, label: powerLabel(1, k, fixed) });
    if (k === hi) break;
    for (let m = 2; m <= 9; m++) {
      const labelled = labelMinor && (m === 2 || m === 5);
      ticks.push({ value: m * base, label: labelled ? powerLabel(m, k, fixed) : '', minor: !labelled });
    }
  }
  return ticks.filter((t) => t.value >= min * (1 - 1e-9) && t.value <= max * (1 + 1e-9));
}

/** [10^floor(log10 min), 10^ceil(log10 max)]: a log range widened to whole decades. */
export function decadeRange(min: number, max: number): [number, number] {
  const lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (hi === lo) hi = lo + 1;
  return [10 ** lo, 10 ** hi];
}
