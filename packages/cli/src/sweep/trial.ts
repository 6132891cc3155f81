import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_KEY, formatError, runPipeline, setThreads } from '@sia/core';
import { preparePipeline } from '../commands/prepare.js';
import { claimRunFolder } from '../out-dir.js';
import { createPageRenderer } from '../page/render-page.js';
import { newRunRecord, readRunRecord, resolvedDiffers, writeRunRecord, type RunRecord } from '../run-record.js';

/** One trial to run: everything a worker thread or a queue worker needs, as plain data. */
export interface TrialTask {
  /** Trial id (`t001`) and the `--set` expressions that make it. */
  readonly id: string;
  readonly sets: readonly string[];
  /** The pipeline file (absolute), the folder plugins resolve from, and the sweep's own `--set` and `--seed`. */
  readonly file: string;
  readonly cwd: string;
  readonly baseSets: readonly string[];
  readonly seed: string | null;
  /** The trial's run folder (absolute) and the shared stage cache. */
  readonly dir: string;
  readonly cacheDir: string;
  /** Kernel threads for this trial's matrix products (`sia sweep --threads`); absent: one. */
  readonly threads?: number;
}

export interface TrialResult {
  readonly id: string;
  readonly status: 'done' | 'failed' | 'interrupted';
  readonly seconds: number;
  /** The run folder (absolute). */
  readonly dir: string;
  /** metrics.json without `$run`: stage id -> metrics. */
  readonly metrics: Record<string, unknown>;
  /** Whether an earlier sweep had finished it (nothing ran). */
  readonly reused: boolean;
  readonly error?: string;
}

type Obj = Record<string, unknown>;

function readMetrics(dir: string): Obj | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as Obj;
  } catch {
    return undefined;
  }
}

const stagesOf = (metrics: Obj): Obj => Object.fromEntries(Object.entries(metrics).filter(([k]) => k !== RUN_KEY));

/**
 * Runs one trial as an ordinary run in its own folder: exactly `sia run <file> --set <sweep's>
 * --set <trial's> [--seed]`, with the sweep's stage cache. A folder holding the same trial
 * finished is reused as it is; one interrupted or killed part-way is continued (`--resume`
 * semantics: same resolved pipeline, checkpoints); anything else in it is replaced.
 */
export async function runTrial(task: TrialTask, signal?: AbortSignal): Promise<TrialResult> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const set = [...task.baseSets, ...task.sets];
  if (task.threads !== undefined) setThreads(task.threads);
  const prepared = await preparePipeline(task.file, { set, ...(task.seed !== null ? { seed: task.seed } : {}) }, task.cwd);
  if (prepared.isErr()) {
    return { id: task.id, status: 'failed', seconds: seconds(), dir: task.dir, metrics: {}, reused: false, error: prepared.error.map(formatError).join('; ') };
  }
  const { plan } = prepared.value;

  const earlier = readMetrics(task.dir);
  const record = existsSync(join(task.dir, 'run.json')) ? readRunRecord(task.dir) : undefined;
  const same = typeof record === 'object' && record.set.join('\n') === set.join('\n') && resolvedDiffers(task.dir, plan, record.started) === undefined;
  const info = earlier?.[RUN_KEY] as { status?: string } | undefined;
  if (same && earlier !== undefined && info?.status === 'done') {
    return { id: task.id, status: 'done', seconds: 0, dir: task.dir, metrics: stagesOf(earlier), reused: true };
  }
  if (!same && existsSync(task.dir) && readdirSync(task.dir).length > 0) rmSync(task.dir, { recursive: true, force: true });
  mkdirSync(task.dir, { recursive: true });
  const claimed = claimRunFolder(task.dir);
  if (typeof claimed === 'string') return { id: task.id, status: 'failed', seconds: seconds(), dir: task.dir, metrics: {}, reused: false, error: claimed };
  try {
    let run: RunRecord;
    if (same) run = record;
    else {
      run = newRunRecord({ pipeline: task.file, cwd: task.cwd, seed: task.seed, set, cache: true, cacheDir: task.cacheDir, started: new Date().toISOString() });
      writeRunRecord(task.dir, run);
    }
    const result = await runPipeline(plan, {
      outDir: task.dir,
      page: createPageRenderer(),
      cache: true,
      cacheDir: task.cacheDir,
      date: new Date(run.started),
      ...(same ? { resume: true } : {}),
      ...(signal !== undefined ? { signal } : {}),
    });
    const metrics = stagesOf(readMetrics(task.dir) ?? {});
    if (result.isOk()) return { id: task.id, status: 'done', seconds: seconds(), dir: task.dir, metrics, reused: false };
    const interrupted = result.error.some((e) => e.code === 'run/interrupted');
    return { id: task.id, status: interrupted ? 'interrupted' : 'failed', seconds: seconds(), dir: task.dir, metrics, reused: false, error: result.error.map(formatError).join('; ') };
  } finally {
    claimed.release();
  }
}
