import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { formatDuration, formatNumber } from './report/format.js';

/** What the summary needs from core's RunSummary. */
export interface RunSummaryView {
  readonly outDir: string;
  readonly ms: number;
  /** Keyed by stage name. */
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly stages: readonly { readonly id: string; readonly cached: boolean; readonly ms: number; readonly files: readonly string[] }[];
}

/** A path as the user would type it: relative to the cwd when inside it. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** One metric value, short: numbers to 4 digits, lists and maps by size. */
function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value.length > 40 ? `${value.slice(0, 37)}...` : value;
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) {
    if (value.length <= 4 && value.every((v) => typeof v === 'number')) return `[${value.map((v) => formatNumber(v as number)).join(', ')}]`;
    return `[${value.length} items]`;
  }
  if (typeof value === 'object') return `{${Object.keys(value as object).length} entries}`;
  return '?';
}

/** `maxWrongPixels=1  meanLoss=0.0123  wrongPixels={32 entries}`, at most `limit` entries. */
export function formatStageMetrics(metrics: unknown, limit = 8): string {
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) return formatValue(metrics);
  const entries = Object.entries(metrics as Record<string, unknown>);
  // Scalars first: they are what a person scans for.
  const scalar = (v: unknown): boolean => v === null || typeof v !== 'object';
  const ordered = [...entries.filter(([, v]) => scalar(v)), ...entries.filter(([, v]) => !scalar(v))];
  const shown = ordered.slice(0, limit).map(([k, v]) => `${k}=${formatValue(v)}`);
  if (ordered.length > limit) shown.push(`+${ordered.length - limit} more`);
  return shown.join('  ');
}

/** The lines printed after a successful run: where the outputs are and the headline metrics. */
export function formatRunSummary(name: string, summary: RunSummaryView, cwd: string = process.cwd()): string[] {
  const cached = summary.stages.filter((s) => s.cached).length;
  const fromCache = cached > 0 ? ` (${cached} of ${summary.stages.length} stages from the cache)` : '';
  const lines = [`${name}: done in ${formatDuration(summary.ms)}${fromCache}`];
  const files: [string, string][] = [['outputs', summary.outDir]];
  for (const [label, file] of [['index', 'index.html'], ['metrics', 'metrics.json']] as const) {
    const path = join(summary.outDir, file);
    if (existsSync(path)) files.push([label, path]);
  }
  for (const [label, path] of files) lines.push(`  ${label.padEnd(8)} ${displayPath(path, cwd)}`);
  const stages = Object.entries(summary.metrics).filter(([, m]) => m !== undefined);
  if (stages.length > 0) {
    const width = Math.max(...stages.map(([id]) => id.length));
    lines.push('metrics:');
    for (const [id, m] of stages) lines.push(`  ${id.padEnd(width)}  ${formatStageMetrics(m)}`);
  }
  return lines;
}
