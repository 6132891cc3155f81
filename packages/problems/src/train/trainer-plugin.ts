import { defineStage, type DatasetArtifact, type StagePlugin } from '@sia/core';
import { modelCodec, writeModelToRun } from '../model/model-codec.js';
import { checkTrainStage, trainModel } from './train-model.js';
import { trainOptionsSchema, type TrainDefaults, type TrainOptions } from './train-options.js';

/**
 * A trainer stage: the one trainer (`trainModel`) with a preset of defaults. `train/autoencoder`
 * and `train/variational` are two presets; every option of one is an option of the other.
 */
export function trainerPlugin(name: string, description: string, defaults: TrainDefaults): StagePlugin<TrainOptions> {
  return defineStage<TrainOptions>({
    kind: 'train',
    name,
    version: '0.2.0',
    description,
    schema: trainOptionsSchema(defaults),
    inputs: { data: { accepts: ['dataset'], description: 'Training items (and their clean targets).' } },
    output: 'model',
    codec: modelCodec,
    check: (config, env) => checkTrainStage(config, defaults, env),
    run(config, inputs, ctx) {
      const { artifact, metrics } = trainModel(config, defaults, inputs.data as DatasetArtifact, ctx);
      const files = writeModelToRun(artifact, ctx);
      return { artifact, metrics, files };
    },
  });
}
