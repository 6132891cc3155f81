import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { err, ok, type Result } from 'neverthrow';
import { siaError, StageFailure, type SiaError } from '../errors.js';
import { FileWriteError } from '../io/write-file.js';
import { createRng } from '../rng/xoshiro.js';
import type { StageOutput } from '../plugin/types.js';
import type { Artifact } from './artifacts.js';
import { cacheLoad, cacheSave, type CachedStage } from './cache.js';
import { stageFingerprint } from './fingerprint.js';
import { stageCheckpoints } from './checkpoints.js';
import { lockFingerprint, type CacheLock } from './cache-lock.js';
import { stageVersions } from './resolved.js';
import { createRequire } from 'node:module';

/** @sia/core's version, part of every fingerprint (same path from src/ and dist/). */
const CORE_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
import type { PipelinePlan, PlanStage } from './plan.js';
import { nullReporter, type Reporter, type StageInfo } from './reporter.js';
import { RunFolder, type RunInfo } from './run-folder.js';
import type { PageRenderer } from './index-html.js';
import { createComponentContext, createStageContext } from './stage-context.js';

export interface RunOptions {
  /** The run folder (created if missing). */
  readonly outDir: string;
  readonly reporter?: Reporter;
  /** false forces every stage to run (and refreshes its cache entry). Default true. */
  readonly cache?: boolean;
  /** Default `<cwd>/.sia-cache`. */
  readonly cacheDir?: string;
  /**
   * Aborted to interrupt the run (the CLI aborts it on Ctrl-C and SIGTERM): the running stage
   * stops at its next safe point, is marked `interrupted`, and no later stage starts.
   */
  readonly signal?: AbortSignal;
  /** When the run started (default now): the date in `pipeline.resolved.yaml` and the page. */
  readonly date?: Date;
  /**
   * Continues an earlier run in `outDir` (`sia run --resume`): its run log is kept and added to,
   * finished stages come from the cache, and a training stage continues from its checkpoint.
   */
  readonly resume?: boolean;
  /** Writes the run folder's index.html (default core's plain page); the CLI's is interactive. */
  readonly page?: PageRenderer;
}

export interface StageSummary {
  readonly id: string;
  readonly cached: boolean;
  readonly ms: number;
  /** Files the stage wrote (relative to the run folder). */
  readonly files: string[];
  /** sha256 of everything the stage's result depends on. */
  readonly fingerprint?: string;
}

export interface RunSummary {
  /** Absolute path of the run folder. */
  readonly outDir: string;
  readonly ms: number;
  /** Stage id -> metrics, as in metrics.json. */
  readonly metrics: Record<string, unknown>;
  /** The run's record (metrics.json's `$run`): seed, overrides, versions, times. */
  readonly run: RunInfo;
  readonly stages: StageSummary[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `instanceof`, or the same shape from another copy of core (a plugin bundling its own). */
function isStageFailure(e: unknown): e is StageFailure {
  if (e instanceof StageFailure) return true;
  if (!(e instanceof Error) || e.name !== 'StageFailure') return false;
  const code = (e as { code?: unknown }).code;
  return code === 'run/diverged' || code === 'run/failed' || code === 'run/interrupted';
}

/**
 * An error a stage throws about its input data (`code` 'data/invalid' or 'model/invalid', with
 * an optional file and line): reported as bad input rather than a run failure.
 */
function isInputError(e: unknown): e is Error & { code: 'data/invalid' | 'model/invalid'; file?: string; line?: number } {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return code === 'data/invalid' || code === 'model/invalid';
}

/**
 * Runs a checked plan: writes `pipeline.resolved.yaml`, then each stage in order, each drawing
 * from its own stream `createRng(seed).fork(stageId)`. A stage whose plugin has a codec is taken
 * from the cache when its fingerprint (plugin, version, options, input fingerprints, seed, stage
 * id) was seen before. After every stage `metrics.json`, `index.html` and `run.log` are rewritten,
 * so a failure leaves everything done so far readable. A stage that throws stops the run with
 * `run/diverged` or `run/failed` naming the stage.
 */
export async function runPipeline(plan: PipelinePlan, options: RunOptions): Promise<Result<RunSummary, SiaError[]>> {
  const started = performance.now();
  const outDir = resolve(options.outDir);
  const reporter = options.reporter ?? nullReporter;
  // A resumed run reuses what its first part finished (a run with --no-cache refreshed those entries).
  const useCache = options.cache !== false || options.resume === true;
  const cacheDir = resolve(options.cacheDir ?? join(process.cwd(), '.sia-cache'));
  const folder = new RunFolder(outDir, plan, options.date, CORE_VERSION, options.page);
  try {
    folder.start(options.resume === true);
  } catch (e) {
    return err([siaError('io/write-failed', `cannot write the run folder ${outDir}: ${message(e)}`, { file: outDir })]);
  }
  const infos = plan.stages.map((s): StageInfo => ({ id: s.id, uses: s.uses }));
  reporter.onPipelineStart?.({ name: plan.name, outDir, stages: infos });

  const root = createRng(plan.seed);
  const components = createComponentContext(plan.registry);
  const artifacts = new Map<string, Artifact>();
  const fingerprints = new Map<string, string>();
  const summaries: StageSummary[] = [];

  const fail = (stage: PlanStage, error: SiaError): Result<RunSummary, SiaError[]> => {
    const rec = folder.record(stage.id);
    const interrupted = error.code === 'run/interrupted';
    rec.status = interrupted ? 'interrupted' : 'failed';
    rec.error = error.message;
    folder.log(stage.id, `${rec.status}: ${error.message}`);
    folder.finish(interrupted ? 'interrupted' : 'failed');
    try {
      folder.flush();
    } catch {
      // The stage's error is the one to report; a second, file-system error would hide it.
    }
    reporter.onPipelineEnd?.({ outDir, ms: performance.now() - started, ok: false, ...(interrupted ? { interrupted } : {}) });
    return err([error]);
  };

  for (const [i, stage] of plan.stages.entries()) {
    if (options.signal?.aborted === true) {
      return fail(stage, siaError('run/interrupted', `${stage.uses} interrupted before it started`, { stage: stage.id }));
    }
    const info = infos[i];
    const rec = folder.record(stage.id);
    rec.status = 'running';
    reporter.onStageStart?.(info);
    const t0 = performance.now();
    const fingerprint = stageFingerprint({
      kind: stage.plugin.kind,
      name: stage.plugin.name,
      version: plan.registry.versionOf(stage.plugin),
      components: stageVersions(stage, plan.registry),
      engine: CORE_VERSION,
      options: stage.options,
      inputs: Object.fromEntries(Object.entries(stage.inputs).map(([port, id]) => [port, fingerprints.get(id)!])),
      seed: plan.seed,
      stageId: stage.id,
    });
    fingerprints.set(stage.id, fingerprint);
    const codec = stage.runner.codec;

    let lookup = codec !== undefined && useCache ? cacheLoad(cacheDir, fingerprint, codec, outDir, components) : undefined;
    // A miss: hold the fingerprint while computing it, so that runs sharing the cache (a sweep)
    // compute it once; one that waited for another looks again.
    let held: CacheLock | undefined;
    if (codec !== undefined && (lookup === undefined || 'miss' in lookup)) {
      const taken = await lockFingerprint(cacheDir, fingerprint, options.signal);
      if (taken === undefined) return fail(stage, siaError('run/interrupted', `${stage.uses} interrupted before it started`, { stage: stage.id }));
      held = taken.lock;
      if (taken.waited && useCache) lookup = cacheLoad(cacheDir, fingerprint, codec, outDir, components);
    }
    if (lookup !== undefined && 'miss' in lookup) folder.log(stage.id, `cache entry ${fingerprint.slice(0, 12)} ignored: ${lookup.miss}; running the stage`);
    const hit = lookup !== undefined && 'hit' in lookup ? lookup.hit : undefined;
    const cached = hit !== undefined;
    let result: CachedStage;
    try {
    if (hit !== undefined) {
      result = hit;
      folder.log(stage.id, `cached (${fingerprint.slice(0, 12)})`);
    } else {
      const written: string[] = [];
      const checkpoints = stageCheckpoints(outDir, stage.id, fingerprint, (m) => folder.log(stage.id, m));
      const ctx = createStageContext({
        stage: info,
        registry: plan.registry,
        rng: root.fork(stage.id),
        outDir,
        baseDir: plan.baseDir,
        pipeline: plan.document,
        reporter,
        log: (m) => folder.log(stage.id, m),
        wrote: (f) => written.push(f),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        checkpoints: checkpoints.store,
      });
      const inputs = Object.fromEntries(Object.entries(stage.inputs).map(([port, id]) => [port, artifacts.get(id)!]));
      let output: StageOutput;
      try {
        // A structured clone, so a plugin that mutates its options cannot change the resolved pipeline.
        output = await stage.runner.run(structuredClone(stage.options), inputs, ctx);
      } catch (e) {
        if (e instanceof FileWriteError) {
          return fail(stage, siaError('io/write-failed', `${stage.uses} failed: ${e.message}`, { stage: stage.id, file: e.path }));
        }
        if (isStageFailure(e) && e.code === 'run/interrupted') {
          return fail(stage, siaError(e.code, `${stage.uses} ${e.message}`, { stage: stage.id }));
        }
        if (isStageFailure(e)) {
          const at = e.epoch !== undefined && !e.message.includes(`epoch ${e.epoch}`) ? ` at epoch ${e.epoch}` : '';
          return fail(stage, siaError(e.code, `${stage.uses} failed${at}: ${e.message}`, { stage: stage.id }));
        }
        if (isInputError(e)) {
          // Bad input found only when the stage reads it (an image folder, a saved model): exit 2.
          return fail(stage, siaError(e.code, e.message, { stage: stage.id, ...(e.file ? { file: e.file } : {}), ...(e.line ? { line: e.line } : {}) }));
        }
        return fail(stage, siaError('run/failed', `${stage.uses} failed: ${message(e)}`, { stage: stage.id }));
      }
      if (output?.artifact?.type !== stage.output) {
        const got = output?.artifact?.type ?? 'nothing';
        return fail(stage, siaError('run/failed', `${stage.uses} returned ${got}, but the plugin declares ${stage.output}`, { stage: stage.id }));
      }
      // The stage's result is in the run folder now: its checkpoint has served.
      checkpoints.remove();
      const metrics = output.metrics ?? (output.artifact.type === 'report' ? output.artifact.metrics : undefined);
      const files = [...new Set([...written, ...(output.files ?? [])])];
      result = metrics === undefined ? { artifact: output.artifact, files } : { artifact: output.artifact, metrics, files };
      if (codec !== undefined) {
        try {
          cacheSave(cacheDir, fingerprint, codec, info, result, outDir);
        } catch (e) {
          folder.log(stage.id, `warning: could not cache the result: ${message(e)}`);
        }
      }
    }

    } finally {
      held?.release();
    }

    const ms = performance.now() - t0;
    artifacts.set(stage.id, result.artifact);
    rec.status = cached ? 'cached' : 'done';
    rec.ms = ms;
    rec.files = [...result.files];
    if (result.metrics !== undefined) rec.metrics = result.metrics;
    folder.log(stage.id, `${cached ? 'restored' : 'done'} in ${(ms / 1000).toFixed(2)} s`);
    try {
      folder.flush();
    } catch (e) {
      return fail(stage, siaError('io/write-failed', `cannot update the run folder ${outDir}: ${message(e)}`, { stage: stage.id }));
    }
    reporter.onStageEnd?.(info, { ms, cached, files: rec.files, ...(result.metrics !== undefined ? { metrics: result.metrics } : {}) });
    summaries.push({ id: stage.id, cached, ms, files: rec.files, fingerprint });
  }

  folder.finish('done');
  try {
    folder.flush();
  } catch (e) {
    return err([siaError('io/write-failed', `cannot update the run folder ${outDir}: ${message(e)}`)]);
  }
  const ms = performance.now() - started;
  reporter.onPipelineEnd?.({ outDir, ms, ok: true });
  return ok({ outDir, ms, metrics: folder.metrics(), run: folder.info(), stages: summaries });
}
