import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors, type ComponentContext, type TrainedModel } from '@sia/core';

/** The JSON half of a saved model; the weights are in `model.safetensors` beside it. */
export interface ModelDescription {
  readonly format: 'sia-model';
  readonly version: 1;
  /** `kind/name` of the plugin that trained it, which also knows how to rebuild it. */
  readonly trainer: string;
  readonly architecture: Record<string, unknown>;
  readonly imageShape?: readonly [number, number];
  readonly history: Readonly<Record<string, readonly number[]>>;
  readonly training?: Record<string, unknown>;
  /** The resolved pipeline that produced it, when known. */
  readonly pipeline?: unknown;
}

export const MODEL_JSON = 'model.json';
export const MODEL_WEIGHTS = 'model.safetensors';

/** Encodes a model as the two files of the documented format (safetensors F64 weights + JSON). */
export function encodeModel(
  model: TrainedModel,
  extra: { imageShape?: readonly [number, number]; training?: Record<string, unknown>; pipeline?: unknown } = {},
): { json: string; weights: Uint8Array } {
  const description: ModelDescription = {
    format: 'sia-model',
    version: 1,
    trainer: model.trainer,
    architecture: model.describe(),
    ...(extra.imageShape ? { imageShape: extra.imageShape } : {}),
    history: model.history,
    ...(extra.training ? { training: extra.training } : {}),
    ...(extra.pipeline !== undefined ? { pipeline: extra.pipeline } : {}),
  };
  const weights = writeSafetensors(model.tensors(), { format: 'sia-model', trainer: model.trainer });
  return { json: JSON.stringify(description, null, 2) + '\n', weights };
}

/** Writes `model.json` and `model.safetensors` into `dir`. */
export function saveModel(model: TrainedModel, dir: string, extra: Parameters<typeof encodeModel>[1] = {}): void {
  mkdirSync(dir, { recursive: true });
  const { json, weights } = encodeModel(model, extra);
  writeFileSync(join(dir, MODEL_WEIGHTS), weights);
  writeFileSync(join(dir, MODEL_JSON), json);
}

/** A function that rebuilds a trained model of one trainer from its saved files. */
export type ModelReviver = (
  description: ModelDescription,
  tensors: Record<string, { shape: number[]; data: Float64Array }>,
  ctx: ComponentContext,
) => TrainedModel;

/**
 * Checks, without reading the weights, that `dir` holds a sia model description and its weights
 * file; throws an Error with code 'model/invalid' and a clear message otherwise.
 */
export function checkModelFolder(dir: string, revivers: Readonly<Record<string, ModelReviver>> = {}): void {
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { code: 'model/invalid' as const });
  };
  const jsonPath = join(dir, MODEL_JSON);
  if (!existsSync(dir)) fail(`no saved model at ${dir} (the folder does not exist)`);
  let description: Partial<ModelDescription> = {};
  try {
    description = JSON.parse(readFileSync(jsonPath, 'utf8')) as ModelDescription;
  } catch (e) {
    fail(`cannot read ${jsonPath}: ${(e as Error).message}`);
  }
  if (description.format !== 'sia-model' || description.version !== 1) fail(`${jsonPath} is not a sia model description`);
  if (Object.keys(revivers).length > 0 && !revivers[description.trainer ?? '']) {
    fail(`${jsonPath}: no loader for trainer ${String(description.trainer)} (known: ${Object.keys(revivers).join(', ')})`);
  }
  if (!existsSync(join(dir, MODEL_WEIGHTS))) fail(`${join(dir, MODEL_WEIGHTS)} is missing`);
}

/**
 * Reads a saved model folder. Throws an Error with a clear message (the caller turns it into
 * a pipeline error) when a file is missing, malformed, or from an unknown trainer.
 */
export function readModel(
  dir: string,
  revivers: Readonly<Record<string, ModelReviver>>,
  ctx: ComponentContext,
): { model: TrainedModel; description: ModelDescription } {
  const jsonPath = join(dir, MODEL_JSON);
  let description: ModelDescription;
  try {
    description = JSON.parse(readFileSync(jsonPath, 'utf8')) as ModelDescription;
  } catch (e) {
    throw new Error(`cannot read ${jsonPath}: ${(e as Error).message}`);
  }
  if (description.format !== 'sia-model' || description.version !== 1) {
    throw new Error(`${jsonPath} is not a sia model description (format ${String(description.format)}, version ${String(description.version)})`);
  }
  const revive = revivers[description.trainer];
  if (!revive) {
    throw new Error(`${jsonPath}: no loader for trainer ${description.trainer} (known: ${Object.keys(revivers).join(', ')})`);
  }
  const weightsPath = join(dir, MODEL_WEIGHTS);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(weightsPath);
  } catch (e) {
    throw new Error(`cannot read ${weightsPath}: ${(e as Error).message}`);
  }
  const file = readSafetensors(bytes);
  const tensors: Record<string, { shape: number[]; data: Float64Array }> = {};
  for (const [name, t] of Object.entries(file.tensors)) {
    tensors[name] = { shape: [...t.shape], data: t.data instanceof Float64Array ? t.data : Float64Array.from(t.data) };
  }
  return { model: revive(description, tensors, ctx), description };
}
