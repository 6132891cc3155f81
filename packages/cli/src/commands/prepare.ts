import { err, ok, type Result } from 'neverthrow';
import {
  loadPipeline,
  pipelinePluginRequests,
  readPipelineFile,
  siaError,
  type PipelinePlan,
  type PipelineSource,
  type PluginRegistry,
  type SiaError,
} from '@sia/core';
import { buildPluginRegistry, sourcesFromPipeline } from '../container.js';

/** Flags shared by `sia run` and `sia validate`. */
export interface PipelineFlags {
  /** As typed; checked here. */
  readonly seed?: string | undefined;
  /** `--set path=value`, repeatable; the engine parses and validates them with the file. */
  readonly set: readonly string[];
}

export interface Prepared {
  readonly plan: PipelinePlan;
  readonly registry: PluginRegistry;
}

/** `--seed`: a whole number >= 0 (the generator takes any 32/53-bit value; negatives read as typos). */
export function parseSeed(text: string | undefined): Result<number | undefined, SiaError> {
  if (text === undefined) return ok(undefined);
  const t = text.trim();
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(n)) {
    return err(siaError('cli/usage', `--seed expects a whole number >= 0, got '${text}'`));
  }
  return ok(n);
}

/** A `--set` aimed at `plugins` (`plugins=[...]`, `plugins[0]=x`, `plugins.0=x`). */
const PLUGINS_PATH = /^\s*plugins\s*(=|\[|\.)/;

/**
 * `plugins:` cannot be overridden: its modules are imported (and their plugins registered) before
 * the document is validated, from the file as written. Rather than accept a `--set` that would be
 * validated but never loaded, say so.
 */
export function pluginOverrides(sets: readonly string[]): SiaError[] {
  return sets
    .filter((s) => PLUGINS_PATH.test(s))
    .map((s) => siaError('cli/bad-set', 'plugins cannot be changed with --set: plugin modules are imported before overrides apply; edit the pipeline file', { set: `--set ${s}`, path: 'plugins' }));
}

/**
 * Everything before running, in order: flags, read and parse the file, import its `plugins:`,
 * build the registry, apply overrides, validate against the assembled schema, check the graph.
 * Independent problems are reported together (a bad --seed together with the file's errors).
 * Nothing is written anywhere.
 */
export async function preparePipeline(file: string, flags: PipelineFlags, cwd: string = process.cwd()): Promise<Result<Prepared, SiaError[]>> {
  const flagErrors: SiaError[] = [];
  const seed = parseSeed(flags.seed);
  if (seed.isErr()) flagErrors.push(seed.error);
  flagErrors.push(...pluginOverrides(flags.set));
  const overrides = flags.set.filter((s) => !PLUGINS_PATH.test(s));

  const loaded = await readWithPlugins(file, cwd);
  if (loaded.isErr()) return err([...flagErrors, ...loaded.error]);
  const { source, registry } = loaded.value;

  const plan = loadPipeline(source, registry, {
    overrides,
    ...(seed.isOk() && seed.value !== undefined ? { seed: seed.value } : {}),
  });
  if (plan.isErr()) return err([...flagErrors, ...plan.error]);
  if (flagErrors.length > 0) return err(flagErrors);
  return ok({ plan: plan.value, registry });
}

/** Reads and parses the file, imports its `plugins:` and builds the registry (the steps before overrides). */
export async function readWithPlugins(file: string, cwd: string = process.cwd()): Promise<Result<{ source: PipelineSource; registry: PluginRegistry }, SiaError[]>> {
  const source = readPipelineFile(file);
  if (source.isErr()) return err(source.error);
  const requests = pipelinePluginRequests(source.value);
  if (requests.isErr()) return err(requests.error);
  const registry = await buildPluginRegistry(sourcesFromPipeline(requests.value, cwd));
  if (registry.isErr()) return err(registry.error);
  return ok({ source: source.value, registry: registry.value });
}
