import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunInfo } from '@sia/core';

/** The file that makes a folder a run folder. */
export const METRICS_FILE = 'metrics.json';

/**
 * metrics.json's key for the run's own record: core's `RUN_KEY`, typed against it so the two
 * cannot drift, without loading the engine for a listing.
 */
const RUN_KEY: typeof import('@sia/core').RUN_KEY = '$run';

/** What a run folder says about its run; null where it does not say (an older run has no `$run`). */
export interface RunFields {
  readonly name: string | null;
  readonly started: string | null;
  readonly ended: string | null;
  readonly status: RunInfo['status'] | null;
  readonly seed: number | null;
  readonly overrides: readonly string[] | null;
}

/** One run folder as read: its record and each stage's metrics, keyed by stage id in file order. */
export interface RunData extends RunFields {
  readonly dir: string;
  readonly stages: Readonly<Record<string, unknown>>;
}

const STATUSES: readonly string[] = ['running', 'done', 'failed', 'interrupted'] satisfies readonly RunInfo['status'][];

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The `$run` fields, each checked on its own: a field of the wrong type reads as unknown. */
function runFields(record: unknown): RunFields {
  const r = (record !== null && typeof record === 'object' ? record : {}) as Partial<Record<keyof RunInfo, unknown>>;
  return {
    name: text(r.pipeline),
    started: text(r.started),
    ended: text(r.ended),
    status: typeof r.status === 'string' && STATUSES.includes(r.status) ? (r.status as RunInfo['status']) : null,
    seed: typeof r.seed === 'number' ? r.seed : null,
    overrides: Array.isArray(r.overrides) && r.overrides.every((o) => typeof o === 'string') ? (r.overrides as string[]) : null,
  };
}

/**
 * Reads `dir/metrics.json`: the run's record (from `$run`, unknown fields null) and the stages'
 * metrics. Returns why not, as a short phrase, when the file is missing, unreadable, not JSON or
 * not an object.
 */
export function readRun(dir: string): RunData | string {
  let raw: string;
  try {
    raw = readFileSync(join(dir, METRICS_FILE), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `not a run folder (no ${METRICS_FILE})` : `cannot read ${METRICS_FILE} (${(e as Error).message})`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return `${METRICS_FILE} is not valid JSON (${(e as Error).message})`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return `${METRICS_FILE} is not a JSON object`;
  const { [RUN_KEY]: record, ...stages } = parsed as Record<string, unknown>;
  return { dir, ...runFields(record), stages };
}
