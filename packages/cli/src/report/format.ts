import type { Progress } from '@sia/core';

/**
 * Human-readable figures for progress lines and summaries. Pure functions, shared by the
 * spinner and the plain reporter so a terminal and a CI log say the same thing.
 */

/** `850 ms`, `12.3 s`, `2m05s`, `1h02m`: precise when short, coarse when long. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  return `${m}m${String(sec).padStart(2, '0')}s`;
}

/**
 * Four significant digits; exponent form outside [1e-3, 1e6) so a loss of 3.2e-7 stays readable.
 * Integers print as integers.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** Average epochs per second since the stage started, or undefined before any time has passed. */
export function epochRate(p: Progress): number | undefined {
  if (!(p.elapsedMs > 0) || p.epoch <= 0) return undefined;
  return p.epoch / (p.elapsedMs / 1000);
}

/**
 * Estimated time left in ms at `rate` epochs per second (default: the average so far; reporters
 * pass a `RateWindow`'s recent rate), undefined when unknown.
 */
export function timeLeftMs(p: Progress, rate: number | undefined = epochRate(p)): number | undefined {
  if (rate === undefined) return undefined;
  return (Math.max(0, p.epochs - p.epoch) / rate) * 1000;
}

/**
 * `epoch 120/1000  loss 0.01234  85.2 epochs/s  ETA 10.3 s  wrong 3`, at `rate` epochs per second
 * (default: the average so far). A stage that stopped early (`last`) has no time left.
 */
export function formatProgress(p: Progress, rate: number | undefined = epochRate(p)): string {
  const parts = [`epoch ${p.epoch}/${p.epochs}`, `loss ${formatNumber(p.loss)}`];
  if (rate !== undefined) parts.push(`${formatNumber(rate >= 100 ? Math.round(rate) : Number(rate.toPrecision(3)))} epochs/s`);
  const left = p.last === true ? 0 : timeLeftMs(p, rate);
  if (left !== undefined) parts.push(`ETA ${formatDuration(left)}`);
  for (const [key, value] of Object.entries(p.extra ?? {})) parts.push(`${key} ${formatNumber(value)}`);
  return parts.join('  ');
}

/** `  120 epochs  loss 0.01234`: what a training stage's end line says of its last epoch. */
export function formatTrained(p: Progress | undefined): string {
  return p === undefined ? '' : `  ${p.epoch} epochs  loss ${formatNumber(p.loss)}`;
}

/** `10:20:31`: local wall-clock time for plain log lines. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
