import { writeFileWhole } from '../io/write-file.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PluginRegistry } from '../plugin/registry.js';
import type { CheckpointStore, ComponentConfig, ComponentContext, ComponentKind, ComponentTypes, StageContext } from '../plugin/types.js';
import type { Rng } from '../rng/rng.js';
import type { Progress, Reporter, StageInfo } from './reporter.js';

/** At most one progress report per this many milliseconds (plus always the last epoch, and one marked `last`). */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Builds a nested component from its validated `{ type, ...options }`: looks the plugin up by
 * kind and name and hands it the options without `type`, with `ctx` to build its own slots.
 */
export function createComponent<K extends ComponentKind>(
  registry: PluginRegistry,
  kind: K,
  config: ComponentConfig,
  ctx: ComponentContext,
): ComponentTypes[K] {
  const { type, ...options } = config;
  const plugin = registry.component(kind, type);
  if (plugin === undefined) {
    // Validation makes this unreachable for configs from the pipeline; a plugin calling
    // ctx.create with its own literal config can still get here.
    throw new Error(`unknown ${kind} "${type}" (known: ${registry.names(kind).join(', ') || 'none'})`);
  }
  return plugin.create(options, ctx);
}

/** Builds components through the registry, outside a running stage (e.g. a codec loading a model). */
export function createComponentContext(registry: PluginRegistry): ComponentContext {
  const ctx: ComponentContext = {
    create: (kind, config) => createComponent(registry, kind, config, ctx),
    validate: (kind, config) => registry.validateComponent(kind, config),
    plugin: (kind, name) => registry.component(kind, name),
  };
  return ctx;
}

export interface StageContextParts {
  readonly stage: StageInfo;
  readonly registry: PluginRegistry;
  readonly rng: Rng;
  readonly outDir: string;
  readonly baseDir: string;
  /** The resolved pipeline document. */
  readonly pipeline: Readonly<Record<string, unknown>>;
  readonly reporter: Reporter;
  /** Receives every `log` line (the run log). */
  readonly log: (message: string) => void;
  /** Receives every path written with `writeFile`, relative to the run folder. */
  readonly wrote: (relativePath: string) => void;
  /** Aborted when the run is interrupted. */
  readonly signal?: AbortSignal;
  /** The stage's checkpoint in the run folder. */
  readonly checkpoints?: CheckpointStore;
}

/**
 * The services a running stage gets. `progress` is throttled here so that a trainer can call it
 * every epoch: the cost when nothing is reported is one clock read and a comparison.
 */
export function createStageContext(parts: StageContextParts): StageContext {
  const { stage, reporter, outDir } = parts;
  const started = performance.now();
  let lastReport = -Infinity;
  const ctx: StageContext = {
    stageId: stage.id,
    rng: parts.rng,
    outDir,
    baseDir: parts.baseDir,
    pipeline: parts.pipeline,
    create: (kind, config) => createComponent(parts.registry, kind, config, ctx),
    validate: (kind, config) => parts.registry.validateComponent(kind, config),
    plugin: (kind, name) => parts.registry.component(kind, name),
    ...(parts.signal !== undefined ? { signal: parts.signal } : {}),
    ...(parts.checkpoints !== undefined ? { checkpoints: parts.checkpoints } : {}),
    writeFile(relativePath, data) {
      const target = resolve(outDir, relativePath);
      const rel = relative(outDir, target);
      if (rel.length === 0 || rel.startsWith('..') || isAbsolute(rel)) {
        throw new Error(`stage ${stage.id} tried to write outside the run folder: ${relativePath}`);
      }
      writeFileWhole(target, data);
      const posix = rel.split(sep).join('/');
      parts.wrote(posix);
      return posix;
    },
    progress(p) {
      if (reporter.onEpochEnd === undefined) return;
      const now = performance.now();
      if (now - lastReport < PROGRESS_INTERVAL_MS && p.epoch < p.epochs && p.last !== true) return;
      lastReport = now;
      // A copy (extra included): trainers may reuse one record every epoch to avoid allocating.
      const progress: Progress = { ...p, ...(p.extra ? { extra: { ...p.extra } } : {}), elapsedMs: now - started };
      reporter.onEpochEnd(stage, progress);
    },
    log(message) {
      parts.log(message);
      reporter.onLog?.(stage, message);
    },
  };
  return ctx;
}
