import { displayPath } from '../summary.js';
import type { RunListing } from './find-runs.js';
import { UNKNOWN, formatHeadline, formatOverrides, formatStarted } from './format-run.js';
import { formatTable } from './table.js';

/**
 * The lines `sia runs` prints: a header and one aligned row per run (name, start, status, seed,
 * overrides, folder relative to `cwd`, headline metrics). The metrics come last, being the widest.
 */
export function formatRunsTable(runs: readonly RunListing[], cwd: string = process.cwd()): string[] {
  const rows = runs.map((r) => [
    r.name ?? UNKNOWN,
    formatStarted(r.started),
    r.status ?? UNKNOWN,
    r.seed !== null ? String(r.seed) : UNKNOWN,
    formatOverrides(r.overrides),
    displayPath(r.dir, cwd),
    formatHeadline(r.headline),
  ]);
  return formatTable([['name', 'started', 'status', 'seed', 'overrides', 'folder', 'metrics'], ...rows]);
}
