import { resolve } from 'node:path';
import { defineStage } from '@sia/core';
import { DataError } from '../images/data-error.js';
import { checkModelFolder, readModel } from './model-files.js';

export interface LoadModelOptions {
  /** A folder holding model.json and model.safetensors, relative to the pipeline file. */
  path: string;
}

/** `model/load`: starts a pipeline from a saved model instead of training one. */
export const loadModelPlugin = defineStage<LoadModelOptions>({
  kind: 'model',
  name: 'load',
  version: '0.1.0',
  description: 'Loads a saved model (model.json + model.safetensors) so that later stages can use it without training.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', minLength: 1, description: 'Folder with model.json and model.safetensors (relative to the pipeline file).' },
    },
  },
  inputs: {},
  output: 'model',
  check(config, env) {
    // With validation: the description must be there, and its problem and layer plugins registered.
    checkModelFolder(resolve(env.baseDir, config.path), env.components);
  },
  run(config: LoadModelOptions, _inputs, ctx) {
    const dir = resolve(ctx.baseDir, config.path);
    try {
      const { artifact } = readModel(dir, ctx);
      return { artifact, metrics: { path: dir, problem: artifact.model.spec.problem.type } };
    } catch (e) {
      throw new DataError(`cannot load the model: ${(e as Error).message}`, { file: dir });
    }
  },
});
