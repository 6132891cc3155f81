import { StageFailure, defineStage, drive, type DatasetArtifact, type StagePlugin } from '@sia/core';
import { modelCodec, writeModelToRun } from '../model/model-codec.js';
import { historyCsv } from './history-csv.js';
import { checkTrainStage, trainSteps, type TrainSession } from './train-model.js';
import { trainOptionsSchema, type TrainDefaults, type TrainOptions } from './train-options.js';

/**
 * A trainer stage: the one trainer (`trainModel`) with a preset of defaults. `train/autoencoder`
 * and `train/variational` are two presets; every option of one is an option of the other.
 */
export function trainerPlugin(name: string, description: string, defaults: TrainDefaults): StagePlugin<TrainOptions> {
  return defineStage<TrainOptions>({
    kind: 'train',
    name,
    version: '0.3.0',
    description,
    schema: trainOptionsSchema(defaults),
    inputs: { data: { accepts: ['dataset'], description: 'Training items (and their clean targets).' } },
    output: 'model',
    codec: modelCodec,
    check: (config, env) => checkTrainStage(config, defaults, env),
    async run(config, inputs, ctx) {
      // Driven, not drained: the event loop gets a turn every 50 ms, so Ctrl-C and SIGTERM reach
      // the run, which aborts ctx.signal; training then stops at the next batch boundary.
      const at: TrainSession = { epoch: 0 };
      const driven = await drive(trainSteps(config, defaults, inputs.data as DatasetArtifact, ctx, at), ctx.signal ? { signal: ctx.signal } : {});
      if (driven.interrupted) {
        // Stopped at a batch boundary: the state there is whole, and the checkpoint keeps it.
        const saved = at.capture !== undefined && ctx.checkpoints !== undefined ? ctx.checkpoints.save(at.capture()) : undefined;
        const what = saved !== undefined ? `the checkpoint is in ${saved} (sia run --resume continues from it)` : "nothing of this stage's training was saved";
        throw new StageFailure('run/interrupted', `interrupted after epoch ${at.epoch} of ${config.epochs}; ${what}`, { epoch: at.epoch });
      }
      const { artifact, metrics, maxWrongPixels } = driven.result;
      const files = writeModelToRun(artifact, ctx);
      files.push(ctx.writeFile(`${ctx.stageId}/history.csv`, historyCsv(artifact, maxWrongPixels)));
      return { artifact, metrics, files };
    },
  });
}
