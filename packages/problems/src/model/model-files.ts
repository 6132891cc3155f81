import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MODEL_JSON,
  MODEL_WEIGHTS,
  decodeWeights,
  encodeModel,
  parseModelDescription,
  planModel,
  reviveModel,
  writeFileWhole,
  type ComponentContext,
  type ModelArtifact,
  type ModelDescription,
} from '@sia/core';

/** The key of `model.json`'s history that keeps the learning rate of each epoch (when a schedule ran). */
export const LEARNING_RATE_HISTORY = 'learningRate';

/** The history `model.json` keeps: the artifact's curves, plus the learning rate per epoch when it varied. */
export function savedHistory(artifact: ModelArtifact): Readonly<Record<string, readonly number[]>> {
  return artifact.learningRate === undefined ? artifact.history : { ...artifact.history, [LEARNING_RATE_HISTORY]: artifact.learningRate };
}

/** Writes `model.json` and `model.safetensors` of a model artifact into `dir`. */
export function saveModel(artifact: ModelArtifact, dir: string, pipeline?: unknown): void {
  mkdirSync(dir, { recursive: true });
  const { json, weights } = encodeModel(artifact.model, {
    history: savedHistory(artifact),
    ...(artifact.imageShape ? { imageShape: artifact.imageShape } : {}),
    ...(pipeline !== undefined ? { pipeline } : {}),
  });
  writeFileWhole(join(dir, MODEL_WEIGHTS), weights);
  writeFileWhole(join(dir, MODEL_JSON), json);
}

const invalid = (message: string): never => {
  throw Object.assign(new Error(message), { code: 'model/invalid' as const });
};

/** Reads and parses `dir/model.json`, throwing a 'model/invalid' error that names the file. */
function readDescription(dir: string): ModelDescription {
  const jsonPath = join(dir, MODEL_JSON);
  if (!existsSync(dir)) invalid(`no saved model at ${dir} (the folder does not exist)`);
  let text = '';
  try {
    text = readFileSync(jsonPath, 'utf8');
  } catch (e) {
    invalid(`cannot read ${jsonPath}: ${(e as Error).message}`);
  }
  try {
    return parseModelDescription(text);
  } catch (e) {
    return invalid(`${jsonPath}: ${(e as Error).message}`);
  }
}

/**
 * Checks that `dir` holds a sia model description whose plugins are
 * all registered and whose layers fit together, and its weights file; throws an Error with code
 * 'model/invalid' and a clear message otherwise (naming the plugin a missing one needs). The
 * weights are read as well: every tensor present with its shape, and finite.
 */
export function checkModelFolder(dir: string, components: ComponentContext): void {
  const description = readDescription(dir);
  const jsonPath = join(dir, MODEL_JSON);
  try {
    const { spec } = description;
    const plan = planModel({ ...spec, output: { type: 'linear' } }, components);
    if (plan.isErr()) invalid(`${jsonPath}: the saved architecture does not fit: ${plan.error.message}`);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'model/invalid') throw e;
    invalid(`${jsonPath}: ${(e as Error).message} (the model needs ${description.plugins.join(', ')}; list the package that provides a missing one under plugins:)`);
  }
  if (!existsSync(join(dir, MODEL_WEIGHTS))) invalid(`${join(dir, MODEL_WEIGHTS)} is missing`);
  // The weights too: names, shapes and finite values, so a damaged file is bad input found now.
  readModel(dir, components);
}

/**
 * Reads a saved model folder into a model artifact, rebuilding the network through its layer and
 * problem plugins. Throws an Error with a clear message when a file is missing or malformed.
 */
export function readModel(dir: string, components: ComponentContext): { artifact: ModelArtifact; description: ModelDescription } {
  const description = readDescription(dir);
  const weightsPath = join(dir, MODEL_WEIGHTS);
  let bytes: Uint8Array = new Uint8Array();
  try {
    bytes = readFileSync(weightsPath);
  } catch (e) {
    invalid(`cannot read ${weightsPath}: ${(e as Error).message}`);
  }
  let model;
  try {
    model = reviveModel(description, decodeWeights(bytes), components);
  } catch (e) {
    return invalid(`${dir}: ${(e as Error).message}`);
  }
  for (const [name, tensor] of Object.entries(model.tensors())) {
    const i = tensor.data.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) invalid(`${weightsPath}: tensor ${name} holds a non-finite value (${tensor.data[i]} at index ${i}); the model cannot be used`);
  }
  // The learning rate is kept beside the curves in model.json; in the artifact it has its own field.
  const { [LEARNING_RATE_HISTORY]: learningRate, ...history } = description.history ?? {};
  const artifact: ModelArtifact = {
    type: 'model',
    model,
    history,
    ...(learningRate !== undefined ? { learningRate } : {}),
    ...(description.imageShape ? { imageShape: description.imageShape } : {}),
  };
  return { artifact, description };
}
