import type { Activation, Initializer, Loss, Shape } from '../nn/types.js';
import type { LayerBlueprint } from '../nn/blueprint.js';
import type { Problem } from '../nn/problem.js';
import type { Optimizer, Updater } from '../train/types.js';
import type { Checkpoint } from '../io/checkpoint.js';
import type { Rng } from '../rng/rng.js';
import type { Artifact, ArtifactType, NoiseFn } from '../pipeline/artifacts.js';
import type { Progress } from '../pipeline/reporter.js';

/**
 * Kinds of component plugins: built inside a stage from a nested `{ type: name, ...options }`.
 * The JSON type each component's factory returns is given by `ComponentOf`.
 */
export interface ComponentTypes {
  activation: Activation;
  loss: Loss;
  initializer: Initializer;
  optimizer: Optimizer;
  updater: Updater;
  noise: NoiseFn;
  layer: LayerBlueprint;
  problem: Problem;
}
export type ComponentKind = keyof ComponentTypes;

/**
 * Kinds of stage plugins: named by `uses: kind/name` in a pipeline. A noise component may also
 * be used as a stage (`uses: noise/gaussian`): the engine attaches it to its `data` input so that
 * training draws fresh noise every epoch.
 */
export type StageKind = 'dataset' | 'train' | 'evaluate' | 'sample' | 'model';

export type PluginKind = ComponentKind | StageKind;

/** A JSON Schema (draft 2020-12 subset that ajv understands) for a plugin's options. */
export type OptionsSchema = Record<string, unknown>;

interface PluginBase<K extends string> {
  readonly kind: K;
  /** Unique within its kind. Third-party names carry a scope: `acme:sparse`. */
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /**
   * Schema of the options object (type: object, additionalProperties: false).
   * A property may be a component slot made by `slot(kind, default)`: it is validated
   * against the registered plugins of that kind, keyed on `type`.
   */
  readonly schema: OptionsSchema;
}

/** Services a component factory may use. */
export interface ComponentContext {
  /** Builds a nested component from its (already validated) `{ type, ...options }`. */
  create<K extends ComponentKind>(kind: K, config: ComponentConfig): ComponentTypes[K];
  /**
   * Validates a component config a stage makes itself (not written in the pipeline) against its
   * plugin's schema, nested components included: the config with defaults filled in, or the first
   * problem as a sentence. Present in the engine's contexts.
   */
  validate?(kind: ComponentKind, config: ComponentConfig): { readonly config: ComponentConfig } | { readonly error: string };
  /** The registered plugin of `kind` and `name`, if any (to read its `level`, its schema). */
  plugin?(kind: ComponentKind, name: string): ComponentPlugin | undefined;
}

export interface ComponentConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}

export interface ComponentPlugin<K extends ComponentKind = ComponentKind, C = any> extends PluginBase<K> {
  create(config: C, ctx: ComponentContext): ComponentTypes[K];
  /**
   * Noise plugins: the option that takes the noise's level (gaussian: `std`, salt-and-pepper:
   * `p`), a number option of the schema. `evaluate/noise-sweep` sweeps it; a noise without one
   * cannot be swept. Listed by `sia plugins`.
   */
  readonly level?: string;
}

/** One input port of a stage: which artifact types it accepts. */
export interface InputSpec {
  readonly accepts: readonly ArtifactType[];
  readonly optional?: boolean;
  readonly description?: string;
}

/** Services handed to a running stage. */
export interface StageContext extends ComponentContext {
  readonly stageId: string;
  /** This stage's own stream, derived from (seed, stage id). */
  readonly rng: Rng;
  /** The run folder (absolute). */
  readonly outDir: string;
  /** Folder of the pipeline file (to resolve relative paths in options). */
  readonly baseDir: string;
  /**
   * The resolved pipeline document (after overrides and defaults), e.g. to save beside a model.
   * Always set by the engine; optional so hand-made contexts in tests need not supply it.
   */
  readonly pipeline?: Readonly<Record<string, unknown>>;
  /** Writes a file under the run folder (creating folders) and returns its path relative to it. */
  writeFile(relativePath: string, data: Uint8Array | string): string;
  /** Cheap to call every epoch: the engine throttles what reaches the reporter. */
  progress(p: Omit<Progress, 'elapsedMs'>): void;
  /**
   * Aborted when the user interrupts the run (Ctrl-C, SIGTERM). A long stage checks it at safe
   * points and stops there by throwing `StageFailure('run/interrupted', ...)`; it must give the
   * event loop a turn now and then (core's `drive`) for the abort to arrive at all.
   */
  readonly signal?: AbortSignal;
  /**
   * Where a long stage keeps its checkpoint, so that an interrupted or killed run continues with
   * `sia run --resume` (absent outside a run). The runner removes it once the stage has finished.
   */
  readonly checkpoints?: CheckpointStore;
  /** A line worth showing the user (a table, a note); also kept in the run log. */
  log(message: string): void;
}

/** One stage's checkpoint in the run folder (see `StageContext.checkpoints`). */
export interface CheckpointStore {
  /** The checkpoint's path relative to the run folder. */
  readonly path: string;
  /** The checkpoint an earlier run of this same stage configuration saved, if any and if it checks out. */
  load(): Checkpoint | undefined;
  /** Replaces the checkpoint (atomically); returns its path relative to the run folder. */
  save(checkpoint: Checkpoint): string;
}

export interface StageOutput {
  readonly artifact: Artifact;
  /** Written to metrics.json under the stage's name. */
  readonly metrics?: Record<string, unknown>;
  /** Files written (relative to the run folder), shown in index.html. */
  readonly files?: readonly string[];
}

/** Saves and restores a stage's artifact, so the engine can cache it by fingerprint. */
export interface ArtifactCodec {
  save(artifact: Artifact, dir: string): void;
  /** `ctx` rebuilds nested components (e.g. a model's activations) from their saved configs. */
  load(dir: string, ctx: ComponentContext): Artifact;
}

/**
 * What validation knows of an artifact before anything runs, handed from a stage's `check` to the
 * checks of the stages downstream: the shape of a dataset's items (so a trainer can check its
 * layers' shapes), and whether a noise stage corrupts them.
 */
export interface ArtifactInfo {
  /** Shape of one item: `[n]`, or `[height, width, channels]` for images. */
  readonly itemShape?: Shape;
  /** A noise stage upstream corrupts the inputs afresh every epoch. */
  readonly noisy?: boolean;
  /** Number of items, when known before running (for memory estimates). */
  readonly items?: number;
}

/** What a stage's `check` may look at: where relative paths in its options point, and its inputs. */
export interface StageCheckEnv {
  /** Folder of the pipeline file. */
  readonly baseDir: string;
  /** What the checks upstream said of each connected input (absent when they said nothing). */
  readonly inputs: Readonly<Record<string, ArtifactInfo | undefined>>;
  /** Builds components through the registry (to ask a layer plugin for its output shape). */
  readonly components: ComponentContext;
}

/**
 * Thrown by a `check` for unusable input. `path` locates the offending value inside the stage's
 * `with:` (e.g. `['encoder', 3]`), so the message carries its line and column.
 */
export interface CheckError extends Error {
  readonly code: 'data/invalid' | 'model/invalid';
  readonly path?: readonly (string | number)[];
}

export interface StagePlugin<C = any> extends PluginBase<StageKind> {
  readonly inputs: Readonly<Record<string, InputSpec>>;
  readonly output: ArtifactType;
  /**
   * Optional cheap check, run with validation before anything runs, in graph order: of what the
   * options point at outside the pipeline (a folder, a saved model) and of the inputs' shapes.
   * It throws a `CheckError` (an Error with `code` 'data/invalid' or 'model/invalid', a clear
   * message and optionally `path`) when the input is unusable, and may return what it knows of
   * its output for the checks downstream.
   */
  check?(config: C, env: StageCheckEnv): ArtifactInfo | void;
  /** When present, the output is cached under a fingerprint of everything upstream. */
  readonly codec?: ArtifactCodec;
  run(config: C, inputs: Readonly<Record<string, Artifact>>, ctx: StageContext): Promise<StageOutput> | StageOutput;
}

export type Plugin = ComponentPlugin | StagePlugin;

export function isStagePlugin(p: Plugin): p is StagePlugin {
  return typeof (p as StagePlugin).run === 'function';
}
