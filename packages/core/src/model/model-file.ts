import { readSafetensors, writeSafetensors } from '../io/safetensors.js';
import { createRng } from '../rng/xoshiro.js';
import type { Initializer } from '../nn/types.js';
import { planModel, type ModelComponents, type ModelSpec } from './architecture.js';
import { Model, type NamedTensor } from './model.js';

/** The JSON half of a saved model (`model.json`); the weights are in `model.safetensors` beside it. */
export interface ModelDescription {
  readonly format: 'sia-model';
  readonly version: 2;
  /** The layers and the problem, as plain configs: rebuilt through their plugins on load. */
  readonly spec: ModelSpec;
  /** The plugins the spec needs (`problem/variational`, `layer/dense`, ...), for a clear error when one is missing. */
  readonly plugins: readonly string[];
  /** Each layer's name, type and shapes (for people and other tools; not read back). */
  readonly layers: readonly unknown[];
  readonly imageShape?: readonly [number, number];
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** The resolved pipeline that produced it, when known. */
  readonly pipeline?: unknown;
}

export const MODEL_JSON = 'model.json';
export const MODEL_WEIGHTS = 'model.safetensors';

/** What is saved beside a model's spec and weights. */
export interface ModelExtras {
  readonly history?: Readonly<Record<string, readonly number[]>>;
  readonly imageShape?: readonly [number, number];
  readonly pipeline?: unknown;
}

/** The plugins a spec names: its problem and every layer (sorted, no repeats). */
export function specPlugins(spec: ModelSpec): string[] {
  const names = new Set<string>([`problem/${spec.problem.type}`]);
  for (const l of [...spec.encoder, ...spec.decoder]) names.add(`layer/${l.type}`);
  return [...names].sort();
}

/** Encodes a model as the two files of the documented format (safetensors F64 tensors + JSON). */
export function encodeModel(model: Model, extras: ModelExtras = {}): { json: string; weights: Uint8Array } {
  const description: ModelDescription = {
    format: 'sia-model',
    version: 2,
    spec: model.spec,
    plugins: specPlugins(model.spec),
    layers: model.describe().layers as unknown[],
    ...(extras.imageShape ? { imageShape: extras.imageShape } : {}),
    history: extras.history ?? {},
    ...(extras.pipeline !== undefined ? { pipeline: extras.pipeline } : {}),
  };
  const weights = writeSafetensors(model.tensors(), { format: 'sia-model' });
  return { json: JSON.stringify(description, null, 2) + '\n', weights };
}

/**
 * Reads `model.json` text: checks that it is a sia model description of this version with a spec.
 * Throws an Error with a clear message otherwise.
 */
export function parseModelDescription(text: string): ModelDescription {
  let d: Partial<ModelDescription> & { version?: unknown };
  try {
    d = JSON.parse(text) as ModelDescription;
  } catch (e) {
    throw new Error(`not JSON: ${(e as Error).message}`);
  }
  if (typeof d !== 'object' || d === null || d.format !== 'sia-model') throw new Error('not a sia model description (no "format": "sia-model")');
  if (d.version !== 2) throw new Error(`model format version ${String(d.version)} is not readable by this sia (it reads version 2); retrain the model`);
  const spec = d.spec as Partial<ModelSpec> | undefined;
  const isConfigList = (v: unknown): boolean => Array.isArray(v) && v.every((c) => typeof c === 'object' && c !== null && typeof (c as { type?: unknown }).type === 'string');
  if (
    typeof spec !== 'object' || spec === null ||
    !Array.isArray(spec.inputShape) || !spec.inputShape.every((n) => Number.isInteger(n) && n > 0) ||
    typeof spec.problem !== 'object' || spec.problem === null || typeof (spec.problem as { type?: unknown }).type !== 'string' ||
    !isConfigList(spec.encoder) || !isConfigList(spec.decoder)
  ) {
    throw new Error('"spec" must give inputShape, problem, encoder and decoder');
  }
  if (spec.precision !== undefined && spec.precision !== 'float32' && spec.precision !== 'float64') {
    throw new Error(`"spec.precision" must be float32 or float64, not ${JSON.stringify(spec.precision)}`);
  }
  return d as ModelDescription;
}

/** Weights that stay as they are: a revived model's tensors are overwritten by the saved ones. */
const KEEP: Initializer = { name: 'none', init: () => {} };

/**
 * Rebuilds a saved model through the layer and problem plugins its spec names (third-party ones
 * included), then loads its tensors. Throws an Error naming what does not fit.
 */
export function reviveModel(description: ModelDescription, tensors: Readonly<Record<string, NamedTensor>>, components: ModelComponents): Model {
  const { spec } = description;
  const plan = planModel({ ...spec, decoder: spec.decoder, output: { type: 'linear' } }, components);
  if (plan.isErr()) throw new Error(`the saved architecture does not fit: ${plan.error.message}`);
  const model = Model.build(plan.value, { weights: createRng(0, 'revive'), noise: createRng(0, 'revive'), initializer: KEEP });
  model.loadTensors(tensors);
  return model;
}

/** Decodes model.safetensors bytes into named float64 tensors. */
export function decodeWeights(bytes: Uint8Array): Record<string, NamedTensor> {
  const file = readSafetensors(bytes);
  const tensors: Record<string, NamedTensor> = {};
  for (const [name, t] of Object.entries(file.tensors)) {
    tensors[name] = { shape: [...t.shape], data: t.data instanceof Float64Array ? t.data : Float64Array.from(t.data) };
  }
  return tensors;
}
