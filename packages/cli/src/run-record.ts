import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pluginVersions, resolvedYaml, writeFileWhole, type PipelinePlan } from '@sia/core';
import { siaVersion } from './version.js';

/** `run.json`: how a run was started, so that `sia run --resume <folder>` can start it again. */
export const RUN_RECORD = 'run.json';

export interface RunRecord {
  readonly format: 1;
  /** The sia version that started the run. */
  readonly sia: string;
  /** The pipeline file as given, and the folder the command ran in (the file and its plugins resolve from it). */
  readonly pipeline: string;
  readonly cwd: string;
  /** `--seed` as typed, or null. */
  readonly seed: string | null;
  /** `--set` values, in order. */
  readonly set: readonly string[];
  /** Whether cached stage results were reused, and where the cache is. */
  readonly cache: boolean;
  readonly cacheDir: string;
  /** ISO time the run started (also in pipeline.resolved.yaml). */
  readonly started: string;
}

/** A new run's record: this sia's version and format, and how the run is started. */
export function newRunRecord(how: Omit<RunRecord, 'format' | 'sia'>): RunRecord {
  return { format: 1, sia: siaVersion(), ...how, set: [...how.set] };
}

export function writeRunRecord(dir: string, record: RunRecord): void {
  writeFileWhole(join(dir, RUN_RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Reads a run folder's record, or says (as a sentence) why it cannot be resumed. */
export function readRunRecord(dir: string): RunRecord | string {
  const path = join(resolve(dir), RUN_RECORD);
  if (!existsSync(resolve(dir))) return `--resume ${dir}: no such folder`;
  if (!existsSync(path)) return `--resume ${dir}: the folder holds no resumable sia run (no ${RUN_RECORD})`;
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return `${path}: not valid JSON (${(e as Error).message})`;
  }
  const r = v as Partial<Record<keyof RunRecord, unknown>>;
  const ok =
    typeof v === 'object' && v !== null && r.format === 1 && typeof r.sia === 'string' && typeof r.pipeline === 'string' && typeof r.cwd === 'string' &&
    (r.seed === null || typeof r.seed === 'string') && isStrings(r.set) && typeof r.cache === 'boolean' && typeof r.cacheDir === 'string' &&
    typeof r.started === 'string' && !Number.isNaN(Date.parse(r.started));
  if (!ok) return `${path}: not a run record of this sia (format 1 with pipeline, cwd, seed, set, cache, cacheDir, started)`;
  return v as RunRecord;
}

/**
 * Why the run in `dir` cannot be continued with `plan` (started at `started`), or undefined: the
 * plan must resolve to the folder's `pipeline.resolved.yaml`, byte for byte (same options, same
 * plugin versions, same file name and date line). The reason names the first line that differs.
 */
export function resolvedDiffers(dir: string, plan: PipelinePlan, started: string): string | undefined {
  const file = join(dir, 'pipeline.resolved.yaml');
  if (!existsSync(file)) return 'the folder has no pipeline.resolved.yaml';
  const before = readFileSync(file, 'utf8');
  const now = resolvedYaml(plan, pluginVersions(plan), started);
  if (before === now) return undefined;
  const a = before.split('\n');
  const b = now.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `line ${i + 1} of pipeline.resolved.yaml was '${(a[i] ?? '').trim()}', now '${(b[i] ?? '').trim()}'`;
}
