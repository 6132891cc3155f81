import type { PluginRegistry } from '../plugin/registry.js';
import type { Plugin, StagePlugin } from '../plugin/types.js';
import type { ArtifactType } from './artifacts.js';

/** What the runner calls for a stage: a stage plugin itself, or the adapter around a noise component. */
export type StageRunner = Pick<StagePlugin, 'inputs' | 'output' | 'codec' | 'run' | 'check'>;

/** One stage, validated and resolved. */
export interface PlanStage {
  readonly id: string;
  /** `kind/name` as written in `uses:`. */
  readonly uses: string;
  /** The registered plugin `uses:` names (a stage plugin or a noise component). */
  readonly plugin: Plugin;
  /** The stage's `with:` after defaults (nested components still `{ type, ...options }`). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Input port -> producing stage id. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly output: ArtifactType;
  readonly runner: StageRunner;
}

/** A pipeline ready to run: checked against the schema and the graph, in run order. */
export interface PipelinePlan {
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  /** The pipeline file as given, and its absolute folder. */
  readonly file: string;
  readonly baseDir: string;
  /** The whole document after `--set`, `--seed` and defaults (written as pipeline.resolved.yaml). */
  readonly document: Readonly<Record<string, unknown>>;
  /** Stages in run (topological) order. */
  readonly stages: readonly PlanStage[];
  /** Builds nested components while running. */
  readonly registry: PluginRegistry;
  /** The `--set` expressions applied, for the record. */
  readonly overrides: readonly string[];
}
