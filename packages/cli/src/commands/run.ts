import { join, resolve } from 'node:path';
import { runPipeline, threadCount, type PipelinePlan } from '@sia/core';
import { startChartWorker } from '@sia/figures';
import { EXIT_OK } from '../exit-codes.js';
import { reportErrors } from '../report-errors.js';
import { EXIT_BAD_INPUT } from '../exit-codes.js';
import { claimOutDir, claimRunDir, claimRunFolder } from '../out-dir.js';
import { newRunRecord, readRunRecord, resolvedDiffers, writeRunRecord } from '../run-record.js';
import { createReporter } from '../report/create-reporter.js';
import { watchInterrupts, type Interrupt } from '../interrupt.js';
import type { LiveRun } from '../serve/live-run.js';
import { displayPath, formatRunSummary } from '../summary.js';
import { preparePipeline, type PipelineFlags } from './prepare.js';
import { createPageRenderer } from '../page/render-page.js';

export interface RunFlags extends PipelineFlags {
  readonly out?: string | undefined;
  readonly quiet: boolean;
  /** false with `--no-cache`: rerun every stage. */
  readonly cache: boolean;
  /** `--force`: an `--out` folder holding an earlier run is emptied first. */
  readonly force?: boolean;
  /** `--serve [port]`: the port of the live view (0: any free port). */
  readonly serve?: number | undefined;
  /** `--serve-after`: keep serving the report after the run until Ctrl-C. */
  readonly serveAfter?: boolean;
}

/** Where the stage cache is: `<cwd>/.sia-cache`, the engine's default. */
export const cacheDirOf = (cwd: string): string => join(cwd, '.sia-cache');

/**
 * `sia run <file>`: validates everything first (bad input exits 2 with nothing written), then
 * claims the run folder, runs the stages with progress, and prints where the outputs are and the
 * headline metrics. A failure while running exits 1, naming the stage; files already written stay.
 */
export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const prepared = await preparePipeline(file, flags);
  if (prepared.isErr()) return reportErrors(prepared.error);
  const { plan } = prepared.value;
  if (plan.document.sweep !== undefined && !flags.quiet) {
    process.stderr.write(`${plan.name}: the file has a sweep: section; sia run runs the pipeline once, as written (sia sweep runs its trials)\n`);
  }

  const live = await openLiveView(flags);
  if (typeof live === 'string') return liveError(live);
  const claimed = claimOutDir(flags.out ?? claimRunDir(plan.name), flags.force === true);
  if (typeof claimed === 'string') {
    await live?.end('failed');
    process.stderr.write(`sia: ${claimed} [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  if (claimed.removed.length > 0) {
    process.stderr.write(`sia: --force: removed the earlier run in ${displayPath(claimed.dir)} (${claimed.removed.join(', ')})\n`);
  }
  const outDir = claimed.dir;
  try {
    const date = new Date();
    const cwd = process.cwd();
    const record = newRunRecord({ pipeline: file, cwd, seed: flags.seed ?? null, set: flags.set, cache: flags.cache, cacheDir: cacheDirOf(cwd), started: date.toISOString() });
    writeRunRecord(outDir, record);
    return await runIn(plan, outDir, flags, { date, cacheDir: record.cacheDir, live });
  } finally {
    claimed.release();
  }
}

/**
 * `sia run --resume <folder>`: the run recorded in the folder's `run.json`, started again in the
 * same folder. The pipeline is read and validated again with the same seed and `--set` values
 * and must resolve to the same `pipeline.resolved.yaml` (same options, same plugin versions);
 * finished stages come from the cache, and an interrupted training stage continues from its
 * checkpoint, ending with the bytes an uninterrupted run would have written.
 */
export async function resumeCommand(folder: string, flags: { quiet: boolean; serve?: number | undefined; serveAfter?: boolean }): Promise<number> {
  const record = readRunRecord(folder);
  if (typeof record === 'string') {
    process.stderr.write(`sia: ${record} [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  // The run starts again where it first started, so that its file and plugins resolve as they did.
  const dir = resolve(folder);
  try {
    process.chdir(record.cwd);
  } catch (e) {
    process.stderr.write(`sia: --resume ${folder}: cannot go to the folder the run started in, ${record.cwd} (${(e as Error).message}) [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  const prepared = await preparePipeline(record.pipeline, { set: record.set, ...(record.seed !== null ? { seed: record.seed } : {}) });
  if (prepared.isErr()) return reportErrors(prepared.error);
  const { plan } = prepared.value;
  const date = new Date(record.started);
  const differs = resolvedDiffers(dir, plan, record.started);
  if (differs !== undefined) {
    process.stderr.write(`sia: --resume ${folder}: the pipeline or a plugin changed since the run started (${differs}); resuming needs the same pipeline, so start a new run [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  const live = await openLiveView(flags);
  if (typeof live === 'string') return liveError(live);
  const claimed = claimRunFolder(dir);
  if (typeof claimed === 'string') {
    await live?.end('failed');
    process.stderr.write(`sia: ${claimed} [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await runIn(plan, claimed.dir, { quiet: flags.quiet, cache: true, set: record.set }, { date, cacheDir: record.cacheDir, resume: true, live });
  } finally {
    claimed.release();
  }
}

/** `--serve`: the live view, listening before anything is written (a string: why it cannot). */
async function openLiveView(flags: { serve?: number | undefined; serveAfter?: boolean }): Promise<LiveRun | undefined | string> {
  if (flags.serve === undefined) return undefined;
  const { openLive } = await import('../serve/live-run.js');
  const live = await openLive(flags.serve, flags.serveAfter === true, process.stderr);
  if (typeof live !== 'string') process.stderr.write(`sia: watch the run live at ${live.url}\n`);
  return live;
}

function liveError(message: string): number {
  process.stderr.write(`sia: ${message} [cli/usage]\n`);
  return EXIT_BAD_INPUT;
}

async function runIn(plan: PipelinePlan, outDir: string, flags: RunFlags, run: { date: Date; cacheDir: string; resume?: boolean; live?: LiveRun | undefined }): Promise<number> {
  const terminal = await createReporter({ quiet: flags.quiet, err: process.stderr, out: process.stdout });
  const reporter = run.live?.reporter(terminal) ?? terminal;
  run.live?.serveRun(outDir);
  const interrupt = watchInterrupts();
  // With a second thread allowed, charts are drawn on a worker that loads vega while the first
  // stages run (the same bytes; see startChartWorker).
  const charts = threadCount() >= 2 ? startChartWorker() : undefined;
  let result;
  try {
    result = await runPipeline(plan, { outDir, page: createPageRenderer(), reporter, cache: flags.cache, signal: interrupt.signal, date: run.date, cacheDir: run.cacheDir, ...(run.resume === true ? { resume: true } : {}) });
  } catch (e) {
    await run.live?.end('failed');
    throw e;
  } finally {
    reporter.close(result?.isOk() ?? false);
    interrupt.dispose();
    charts?.close();
  }
  const code = report(plan, outDir, result, interrupt);
  await run.live?.end(result.isOk() ? 'done' : interrupt.received() !== undefined ? 'interrupted' : 'failed');
  return code;
}

function report(plan: PipelinePlan, outDir: string, result: Awaited<ReturnType<typeof runPipeline>>, interrupt: Interrupt): number {
  if (result.isErr()) {
    if (interrupt.received() !== undefined && result.error.some((e) => e.code === 'run/interrupted')) {
      reportErrors(result.error);
      process.stderr.write(`${plan.name}: interrupted; the finished stages' files, metrics.json, index.html and run.log are in ${displayPath(outDir)}; sia run --resume ${displayPath(outDir)} continues the run\n`);
      return interrupt.exitCode();
    }
    const code = reportErrors(result.error);
    process.stderr.write(`${plan.name}: the run stopped; what was written so far is in ${displayPath(outDir)}\n`);
    return code;
  }
  process.stdout.write(`${formatRunSummary(plan.name, result.value).join('\n')}\n`);
  return EXIT_OK;
}
