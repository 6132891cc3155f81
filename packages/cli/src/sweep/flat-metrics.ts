import type { TrialResult } from './trial.js';

/** Strings longer than this (label lists, file names) stay out of the table. */
const MAX_TEXT = 40;

/**
 * A trial's metrics, flattened to `stage.metric`: every top-level number, boolean and
 * short string of every stage's metrics (what `sia run` prints in its summary), in stage order.
 * Nested objects and lists (per-item tables, curves) stay in the trial's own metrics.json.
 */
export function flatMetrics(metrics: Readonly<Record<string, unknown>>): Record<string, number | string | boolean | null> {
  const out: Record<string, number | string | boolean | null> = {};
  for (const [stage, m] of Object.entries(metrics)) {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
    for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
      if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[`${stage}.${k}`] = v;
      else if (typeof v === 'string' && v.length <= MAX_TEXT) out[`${stage}.${k}`] = v;
    }
  }
  return out;
}

/** A one-line summary of a finished trial for the progress output. */
export function trialLine(r: TrialResult, values: Readonly<Record<string, unknown>>): string {
  const axes = Object.entries(values)
    .map(([k, v]) => `${k.replace(/^stages\./, '').replace(/\.with\./, '.')}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  const h = flatMetrics(r.metrics);
  const shown = Object.entries(h)
    .filter(([k]) => /\.(maxWrongPixels|itemsWithin|epochs|finalLoss)$/.test(k))
    .slice(0, 4)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : String(v)}`)
    .join(' ');
  const status = r.reused ? 'done earlier' : r.status === 'done' ? `done in ${r.seconds.toFixed(1)} s` : r.status;
  return `${r.id} ${status}  ${axes}${shown ? `  ->  ${shown}` : ''}${r.error ? `  (${r.error.split('\n')[0]})` : ''}`;
}
