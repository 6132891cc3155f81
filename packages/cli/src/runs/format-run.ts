import { formatNumber } from '../report/format.js';
import type { Scalar, StageScalars } from './headline.js';

/** Shown for what a run folder does not record (an older run has no `$run`). */
export const UNKNOWN = '?';

/** One metric value for a table cell: numbers to 4 significant digits, long strings cut. */
export function formatScalar(value: Scalar): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value.length > 40 ? `${value.slice(0, 37)}...` : value;
  return String(value);
}

/** `2026-12-02 16:42:34`: a run's ISO start time in local time, or `?`. */
export function formatStarted(iso: string | null): string {
  const ms = iso === null ? NaN : Date.parse(iso);
  if (Number.isNaN(ms)) return UNKNOWN;
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The `--set` values of a run, space-separated; `-` for none, `?` when not recorded. */
export function formatOverrides(overrides: readonly string[] | null): string {
  if (overrides === null) return UNKNOWN;
  return overrides.length === 0 ? '-' : overrides.join(' ');
}

/** `model: epochs=169 finalLoss=0.03976; fidelity: maxWrongPixels=1`, or `-` when empty. */
export function formatHeadline(headline: StageScalars): string {
  const stages = Object.entries(headline).map(([id, m]) => `${id}: ${Object.entries(m).map(([k, v]) => `${k}=${formatScalar(v)}`).join(' ')}`);
  return stages.length > 0 ? stages.join('; ') : '-';
}
