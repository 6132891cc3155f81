import { err, ok, Result } from 'neverthrow';
import { siaError, type SiaError } from '../errors.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { isStagePlugin, type ArtifactInfo, type ComponentPlugin, type Plugin, type PluginKind } from '../plugin/types.js';
import { createComponentContext } from './stage-context.js';
import { STAGE_KINDS } from '../plugin/tokens.js';
import { checkGraph, type GraphNode } from './graph.js';
import { locate } from './locate.js';
import { noiseStage } from './noise-stage.js';
import { applyOverrides, setFor, type AppliedSet } from './overrides.js';
import type { PipelinePlan, PlanStage, StageRunner } from './plan.js';
import { makeWhere, schemaErrors } from './schema-errors.js';
import { readPipelineFile, type PipelineSource } from './source.js';

export interface LoadOptions {
  /** `path=value` overrides (`--set`), applied to the document before validation. */
  readonly overrides?: readonly string[];
  /** Replaces the file's `seed` (`--seed`). */
  readonly seed?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The plugin a `uses:` value names, if any: a stage plugin or a noise component. */
export function resolveUses(registry: PluginRegistry, uses: unknown): { plugin: Plugin; runner: StageRunner } | undefined {
  if (typeof uses !== 'string') return undefined;
  const slash = uses.indexOf('/');
  if (slash < 0) return undefined;
  const kind = uses.slice(0, slash);
  const name = uses.slice(slash + 1);
  if (!(STAGE_KINDS as readonly string[]).includes(kind) && kind !== 'noise') return undefined;
  const plugin = registry.get(kind as PluginKind, name);
  if (plugin === undefined) return undefined;
  if (isStagePlugin(plugin)) return { plugin, runner: plugin };
  if (plugin.kind === 'noise') return { plugin, runner: noiseStage(plugin as ComponentPlugin<'noise'>) };
  return undefined;
}

/**
 * Turns a parsed pipeline into a plan: applies `--set` and `--seed`, validates against the schema
 * assembled from the registry (filling defaults), checks the stage graph, and orders the stages.
 * Schema and graph problems are gathered together so one run shows every mistake.
 */
export function loadPipeline(source: PipelineSource, registry: PluginRegistry, options: LoadOptions = {}): Result<PipelinePlan, SiaError[]> {
  const applied = applyOverrides(source.document, options.overrides ?? []);
  if (applied.isErr()) return err(applied.error);
  const { document } = applied.value;
  const sets: AppliedSet[] = [...applied.value.sets];

  const toJS = Result.fromThrowable(
    () => document.toJS({ maxAliasCount: 10_000 }) as unknown,
    (e) => [siaError('yaml/parse', `cannot read the YAML: ${(e as Error).message}`, { file: source.file })],
  );
  const parsed = toJS();
  if (parsed.isErr()) return err(parsed.error);
  const data = parsed.value;
  if (options.seed !== undefined && isObj(data)) {
    data.seed = options.seed;
    sets.push({ path: ['seed'], label: `--seed ${options.seed}` });
  }

  const where = makeWhere({
    file: source.file,
    locate: (path, prefer) => locate(document, source.lineCounter, path, prefer),
    setFor: (path) => setFor(sets, path)?.label,
  });

  const ajvErrors = registry.validatePipelineData(data);
  const schemaChecked: Result<null, SiaError[]> = ajvErrors.length > 0 ? err(schemaErrors(ajvErrors, data, registry, where)) : ok(null);

  const stages = isObj(data) && isObj(data.stages) ? (data.stages as Record<string, unknown>) : {};
  const resolved = new Map<string, ReturnType<typeof resolveUses>>();
  const nodes: GraphNode[] = Object.entries(stages).map(([id, st]) => {
    const r = resolveUses(registry, isObj(st) ? st.uses : undefined);
    resolved.set(id, r);
    const inputs = isObj(st) && isObj(st.inputs) ? st.inputs : {};
    // Without a usable `inputs:` map (reported by the schema check) the ports cannot be checked.
    const malformed = isObj(st) && st.inputs !== undefined && !isObj(st.inputs);
    return r === undefined || malformed ? { id, inputs } : { id, inputs, ports: { inputs: r.runner.inputs, output: r.runner.output } };
  });
  const graphChecked = checkGraph(nodes, where);

  return Result.combineWithAllErrors<[Result<null, SiaError[]>, Result<string[], SiaError[]>]>([schemaChecked, graphChecked])
    .mapErr((lists) => sortByPosition(lists.flat()))
    .andThen(([, order]) => checkInputs(order, stages, resolved, source.baseDir, registry, where).map(() => order))
    .map((order) => {
      const doc = data as Obj;
      const planStages: PlanStage[] = order.map((id) => {
        const st = stages[id] as Obj;
        const r = resolved.get(id)!;
        return {
          id,
          uses: st.uses as string,
          plugin: r.plugin,
          options: (st.with ?? {}) as Obj,
          inputs: (st.inputs ?? {}) as Record<string, string>,
          output: r.runner.output,
          runner: r.runner,
        };
      });
      const plan: PipelinePlan = {
        name: doc.name as string,
        seed: doc.seed as number,
        file: source.file,
        baseDir: source.baseDir,
        document: doc,
        stages: planStages,
        registry,
        overrides: [...(options.overrides ?? [])],
        ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
      };
      return plan;
    });
}

/**
 * Runs each stage's optional `check` on its resolved options, in graph order (a folder that must
 * exist, a saved model that must load, layer shapes that must fit): bad input found here is
 * reported with the location of the offending value, before anything runs or is written. What a
 * check says of its output (an item shape) is handed to the checks of the stages it feeds.
 */
function checkInputs(
  order: readonly string[],
  stages: Record<string, unknown>,
  resolved: Map<string, ReturnType<typeof resolveUses>>,
  baseDir: string,
  registry: PluginRegistry,
  where: ReturnType<typeof makeWhere>,
): Result<null, SiaError[]> {
  const errors: SiaError[] = [];
  const infos = new Map<string, ArtifactInfo | undefined>();
  const components = createComponentContext(registry);
  for (const id of order) {
    const runner = resolved.get(id)?.runner;
    if (runner === undefined || runner.check === undefined) continue;
    const stage = stages[id] as Obj;
    const options = (stage.with ?? {}) as Obj;
    const inputs: Record<string, ArtifactInfo | undefined> = {};
    for (const [port, from] of Object.entries(isObj(stage.inputs) ? stage.inputs : {})) inputs[port] = infos.get(from as string);
    try {
      const info = runner.check(structuredClone(options), { baseDir, inputs, components });
      infos.set(id, info ?? undefined);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const known = code === 'data/invalid' || code === 'model/invalid';
      const inner = (e as { path?: unknown }).path;
      const path = Array.isArray(inner) && stage.with !== undefined ? ['with', ...(inner as (string | number)[])] : stage.with !== undefined ? ['with'] : [];
      const at = where(['stages', id, ...path], 'value');
      errors.push(siaError(known ? code : 'data/invalid', (e as Error).message, { ...at, stage: id }));
    }
  }
  return errors.length > 0 ? err(errors) : ok(null);
}

/** File order (line, then column); errors without a line (from `--set`) last, in their order. */
function sortByPosition(errors: SiaError[]): SiaError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.line ?? Infinity) - (b.e.line ?? Infinity) || (a.e.column ?? 0) - (b.e.column ?? 0) || a.i - b.i)
    .map(({ e }) => e);
}

/**
 * Reads, parses and loads a pipeline file in one call, for callers whose registry already holds
 * every plugin the file needs (the CLI imports the file's `plugins:` first, then calls the steps).
 */
export function validatePipelineFile(file: string, registry: PluginRegistry, options: LoadOptions = {}): Result<PipelinePlan, SiaError[]> {
  return readPipelineFile(file).andThen((source) => loadPipeline(source, registry, options));
}
