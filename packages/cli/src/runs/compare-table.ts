import { scalarMetrics } from './headline.js';
import type { RunData } from './read-run.js';
import { UNKNOWN, formatOverrides, formatScalar, formatStarted } from './format-run.js';
import { formatTable } from './table.js';

/** Shown where a run lacks a metric another run has. */
export const MISSING = '-';

/**
 * The lines `sia compare` prints: one column per run (headed by its label), first the rows
 * pipeline, seed, overrides, status and started, then a row `stage.metric` for every top-level
 * scalar metric of any run, grouped by stage, in the order they first appear; `-` where a run lacks it.
 */
export function formatCompareTable(runs: readonly RunData[], labels: readonly string[]): string[] {
  const scalars = runs.map((r) => scalarMetrics(r.stages));
  // Stages in the order they first appear, and within a stage its metrics likewise.
  const names = new Map<string, Set<string>>();
  for (const s of scalars) {
    for (const [stage, metrics] of Object.entries(s)) {
      const seen = names.get(stage) ?? new Set<string>();
      for (const metric of Object.keys(metrics)) seen.add(metric);
      names.set(stage, seen);
    }
  }
  const keys = [...names].flatMap(([stage, metrics]) => [...metrics].map((metric) => [stage, metric] as const));
  const rows: string[][] = [
    ['', ...labels],
    ['pipeline', ...runs.map((r) => r.name ?? UNKNOWN)],
    ['seed', ...runs.map((r) => (r.seed !== null ? String(r.seed) : UNKNOWN))],
    ['overrides', ...runs.map((r) => formatOverrides(r.overrides))],
    ['status', ...runs.map((r) => r.status ?? UNKNOWN)],
    ['started', ...runs.map((r) => formatStarted(r.started))],
    ...keys.map(([stage, metric]) => [
      `${stage}.${metric}`,
      ...scalars.map((s) => (Object.hasOwn(s, stage) && Object.hasOwn(s[stage]!, metric) ? formatScalar(s[stage]![metric]!) : MISSING)),
    ]),
  ];
  return formatTable(rows);
}
