import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { attributeTrialErrors, expandSweep, loadPipeline, readSweep, writeFileWhole, type SiaError, type SweepSpec, type SweepTrial } from '@sia/core';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_RUN_FAILED } from '../exit-codes.js';
import { watchInterrupts } from '../interrupt.js';
import { claimRunDir, claimRunFolder } from '../out-dir.js';
import { reportErrors } from '../report-errors.js';
import { formatDuration } from '../report/format.js';
import { displayPath } from '../summary.js';
import { flatMetrics, trialLine } from '../sweep/flat-metrics.js';
import { runLocal } from '../sweep/local-pool.js';
import { sweepCsv, sweepHtml, sweepJson, type SweepReport, type SweepRow } from '../sweep/report.js';
import type { TrialResult, TrialTask } from '../sweep/trial.js';
import { threadsOption } from '../threads.js';
import { siaVersion } from '../version.js';
import { cacheDirOf } from './run.js';
import { parseSeed, readWithPlugins } from './prepare.js';

export interface SweepFlags {
  readonly out?: string | undefined;
  readonly workers?: string | undefined;
  readonly axis: readonly string[];
  readonly set: readonly string[];
  readonly seed?: string | undefined;
  readonly quiet: boolean;
  readonly queue?: string | undefined;
  /** `--threads`: kernel threads per trial (default `SIA_THREADS`, else 1). */
  readonly threads?: string | undefined;
}

/** `sweep-run.json`: how a sweep was started, so that rerunning or `--resume` continues it. */
export const SWEEP_RECORD = 'sweep-run.json';

interface SweepRecord {
  readonly format: 1;
  readonly sia: string;
  readonly pipeline: string;
  readonly cwd: string;
  readonly set: readonly string[];
  readonly axis: readonly string[];
  readonly seed: string | null;
  readonly started: string;
  /** The trials' `--set` lists, in order: a rerun must plan the same ones. */
  readonly trials: readonly (readonly string[])[];
}

/** The trials of `file` with the flags, every one validated; errors point at the axis value responsible. */
async function planSweep(file: string, flags: Pick<SweepFlags, 'axis' | 'set' | 'seed'>, cwd: string): Promise<{ name: string; spec: SweepSpec; trials: SweepTrial[] } | SiaError[]> {
  const seed = parseSeed(flags.seed);
  if (seed.isErr()) return [seed.error];
  const loaded = await readWithPlugins(file, cwd);
  if (loaded.isErr()) return loaded.error;
  const { source, registry } = loaded.value;
  const options = (sets: readonly string[]) => ({ overrides: [...flags.set, ...sets], ...(seed.value !== undefined ? { seed: seed.value } : {}) });
  const base = loadPipeline(source, registry, options([]));
  if (base.isErr()) return base.error;
  const spec = readSweep(source, flags.axis, base.value.seed);
  if (spec.isErr()) return spec.error;
  if (spec.value === undefined) return [{ code: 'sweep/invalid', message: `${file} has no sweep: section and no --axis was given: nothing to sweep`, file }];
  const trials = expandSweep(spec.value);
  const errors = new Map<string, SiaError>();
  for (const t of trials) {
    const plan = loadPipeline(source, registry, options(t.sets));
    if (plan.isErr()) for (const e of attributeTrialErrors(plan.error, spec.value, t, source.file)) errors.set(`${e.line}:${e.column}:${e.set}:${e.message.replace(/\(trial t\d+\)/, '')}`, e);
    if (errors.size >= 20) break;
  }
  if (errors.size > 0) return [...errors.values()];
  return { name: base.value.name, spec: spec.value, trials };
}

function readRecord(dir: string): SweepRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(join(dir, SWEEP_RECORD), 'utf8')) as SweepRecord;
    return r.format === 1 && Array.isArray(r.trials) ? r : undefined;
  } catch {
    return undefined;
  }
}

const usage = (message: string): number => {
  process.stderr.write(`sia: ${message} [cli/usage]\n`);
  return EXIT_BAD_INPUT;
};

/**
 * `sia sweep <file>` (or `--resume <sweep folder>`): validates every trial first (exit 2, nothing
 * written), then runs each trial as an ordinary run in `<dir>/trials/<id>/`, in parallel worker
 * threads sharing the stage cache, and writes `sweep.csv`, `sweep.json` and `index.html` after
 * every trial. Trials an earlier sweep in the same folder finished are reused; interrupted ones
 * continue from their checkpoints. Ctrl-C stops every running trial at a batch boundary.
 */
export async function sweepCommand(file: string | undefined, flags: SweepFlags & { resume?: string | undefined }): Promise<number> {
  let record: SweepRecord | undefined;
  let target = flags.out;
  if (flags.resume !== undefined) {
    if (file !== undefined || flags.out !== undefined || flags.set.length > 0 || flags.axis.length > 0 || flags.seed !== undefined) {
      return usage("--resume takes the sweep's own pipeline, axes and overrides; drop the file, --out, --set, --axis and --seed");
    }
    target = resolve(flags.resume);
    record = readRecord(target);
    if (record === undefined) return usage(`--resume ${flags.resume}: the folder holds no sia sweep (no readable ${SWEEP_RECORD})`);
    try {
      process.chdir(record.cwd);
    } catch (e) {
      return usage(`--resume ${flags.resume}: cannot go to the folder the sweep started in, ${record.cwd} (${(e as Error).message})`);
    }
    file = record.pipeline;
  }
  if (file === undefined) return usage('sweep needs a pipeline file (or --resume <sweep folder>)');
  const workers = flags.workers === undefined ? availableParallelism() : Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) return usage(`--workers expects a whole number from 1 to 256, got '${flags.workers}'`);
  const threads = threadsOption(flags.threads);
  if (typeof threads === 'string') return usage(threads);
  const given = record ?? { set: flags.set, axis: flags.axis, seed: flags.seed ?? null };
  const planned = await planSweep(file, { set: given.set, axis: given.axis, ...(given.seed !== null ? { seed: given.seed } : {}) }, process.cwd());
  if (Array.isArray(planned)) return reportErrors(planned);
  const { name, spec, trials } = planned;

  // The folder: a new one, or an earlier sweep of exactly these trials (rerun or --resume).
  const dir = resolve(target ?? claimRunDir(name, new Date(), resolve('sweeps')));
  const earlier = existsSync(dir) ? readRecord(dir) : undefined;
  const same = earlier !== undefined && JSON.stringify(earlier.trials) === JSON.stringify(trials.map((t) => t.sets)) && earlier.pipeline === file && earlier.set.join('\n') === given.set.join('\n');
  if (!same && existsSync(dir) && readdirSync(dir).length > 0) {
    return usage(earlier !== undefined ? `${displayPath(dir)} holds another sweep (other trials or pipeline); choose another --out` : `--out ${displayPath(dir)} is not empty; choose another folder`);
  }
  mkdirSync(dir, { recursive: true });
  const claimed = claimRunFolder(dir);
  if (typeof claimed === 'string') return usage(claimed);
  try {
    const cwd = process.cwd();
    const sweepRecord: SweepRecord = same
      ? earlier!
      : { format: 1, sia: siaVersion(), pipeline: file, cwd, set: [...given.set], axis: [...given.axis], seed: given.seed, started: new Date().toISOString(), trials: trials.map((t) => t.sets) };
    if (!same) writeFileWhole(join(dir, SWEEP_RECORD), `${JSON.stringify(sweepRecord, null, 2)}\n`);
    const tasks: TrialTask[] = trials.map((t) => ({
      id: t.id,
      sets: t.sets,
      file: resolve(file!),
      cwd,
      baseSets: given.set,
      seed: given.seed,
      dir: join(dir, 'trials', t.id),
      cacheDir: cacheDirOf(cwd),
      ...(threads.threads !== undefined ? { threads: threads.threads } : {}),
    }));
    return await runTrials({ dir, name, file: file!, spec, trials, tasks, workers, quiet: flags.quiet, started: sweepRecord.started, queue: flags.queue });
  } finally {
    claimed.release();
  }
}

interface Run {
  readonly dir: string;
  readonly name: string;
  readonly file: string;
  readonly spec: SweepSpec;
  readonly trials: readonly SweepTrial[];
  readonly tasks: readonly TrialTask[];
  readonly workers: number;
  readonly quiet: boolean;
  readonly started: string;
  readonly queue?: string | undefined;
}

async function runTrials(run: Run): Promise<number> {
  const { dir, trials, tasks } = run;
  const results = new Map<string, TrialResult>();
  const t0 = performance.now();
  let ended: string | null = null;
  const write = (): void => {
    const rows: SweepRow[] = [];
    for (const t of trials) {
      const r = results.get(t.id);
      if (r === undefined) continue;
      rows.push({ trial: t.id, values: t.values, status: r.status, seconds: r.seconds, folder: `trials/${t.id}`, metrics: flatMetrics(r.metrics), ...(r.error !== undefined ? { error: r.error } : {}) });
    }
    const report: SweepReport = { name: run.name, file: run.file, axes: run.spec.axes.map((a) => a.path), strategy: run.spec.strategy, rows, started: run.started, ended, workers: run.workers };
    writeFileWhole(join(dir, 'sweep.csv'), sweepCsv(report));
    writeFileWhole(join(dir, 'sweep.json'), `${JSON.stringify(sweepJson(report), null, 2)}\n`);
    writeFileWhole(join(dir, 'index.html'), sweepHtml(report));
  };
  const where = run.queue !== undefined ? `the queue ${run.queue}` : `${run.workers} worker thread${run.workers === 1 ? '' : 's'}`;
  process.stderr.write(`${run.name}: ${trials.length} trials (${run.spec.strategy} over ${run.spec.axes.map((a) => a.path).join(', ')}) on ${where} -> ${displayPath(dir)}\n`);
  const byId = new Map(trials.map((t) => [t.id, t]));
  let fresh = 0;
  let freshSeconds = 0;
  const onResult = (r: TrialResult): void => {
    results.set(r.id, r);
    if (!r.reused) {
      fresh++;
      freshSeconds = (performance.now() - t0) / 1000;
    }
    const left = trials.length - results.size;
    const eta = fresh > 0 && left > 0 ? `, about ${formatDuration(((freshSeconds / fresh) * left) * 1000)} left` : '';
    if (!run.quiet) process.stderr.write(`[${results.size}/${trials.length}${eta}] ${trialLine(r, byId.get(r.id)!.values)}\n`);
    write();
  };
  const interrupt = watchInterrupts();
  try {
    if (run.queue !== undefined) {
      const { runOnQueue } = await import('../sweep/queue.js');
      await runOnQueue(run.queue, tasks, onResult, interrupt.signal);
    } else {
      await runLocal(tasks, run.workers, onResult, interrupt.signal);
    }
  } finally {
    interrupt.dispose();
  }
  ended = new Date().toISOString();
  write();
  const all = [...results.values()];
  const failed = all.filter((r) => r.status === 'failed').length;
  const done = all.filter((r) => r.status === 'done').length;
  const took = formatDuration(performance.now() - t0);
  if (interrupt.received() !== undefined) {
    process.stderr.write(`${run.name}: interrupted after ${done} of ${trials.length} trials (${took}); sia sweep --resume ${displayPath(dir)} continues it\n`);
    return interrupt.exitCode();
  }
  process.stdout.write(`${run.name}: ${done} of ${trials.length} trials done${failed > 0 ? `, ${failed} failed` : ''} in ${took}\n  table    ${displayPath(join(dir, 'sweep.csv'))}\n  index    ${displayPath(join(dir, 'index.html'))}\n`);
  return failed > 0 || done < trials.length ? EXIT_RUN_FAILED : EXIT_OK;
}
