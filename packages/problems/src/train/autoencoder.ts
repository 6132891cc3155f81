import {
  Autoencoder,
  defineStage,
  StageFailure,
  autoencoderStep,
  fit,
  slot,
  type ComponentConfig,
  type DatasetArtifact,
  type ModelArtifact,
  type StageContext,
} from '@sia/core';
import { countWrongPixels } from '../evaluate/wrong-pixels.js';
import { BestWeights } from './best-weights.js';
import { AutoencoderModel } from './autoencoder-model.js';
import { modelCodec, writeModelToRun } from '../model/model-codec.js';
import { networkOptions, positiveInt, type NetworkOptions } from './network-options.js';
import { rateScheduleSchema, scheduledRate, type RateSchedule } from './rate-schedule.js';

/** Options of `train/autoencoder` (after defaults). */
export interface AutoencoderTrainOptions extends NetworkOptions {
  latentActivation: ComponentConfig;
  schedule: RateSchedule;
  stopWithin?: number;
  keepBest: boolean;
  checkEvery: number;
}

/**
 * Trains a conventional (or, with a noise stage upstream, denoising) autoencoder.
 * Every `checkEvery` epochs it counts wrong pixels of the clean reconstructions; it stops once
 * every item is within `stopWithin` wrong pixels, and with `keepBest` it ends on the best
 * weights seen by (max wrong pixels, total wrong pixels, loss), so a run that reaches the goal
 * and then drifts does not end worse.
 */
export function trainAutoencoder(config: AutoencoderTrainOptions, data: DatasetArtifact, ctx: StageContext): ModelArtifact & { metrics: Record<string, unknown> } {
  const network = Autoencoder.create({
    inputSize: data.inputs.cols,
    hidden: config.encoder,
    latent: config.latent,
    hiddenActivation: ctx.create('activation', config.hidden),
    latentActivation: ctx.create('activation', config.latentActivation),
    outputActivation: ctx.create('activation', config.output),
    initializer: ctx.create('initializer', config.initializer),
    rng: ctx.rng.fork('weights'),
  });
  const loss = ctx.create('loss', config.loss);
  const optimizer = ctx.create('optimizer', config.optimizer);
  const updater = ctx.create('updater', config.updater);
  const schedule = config.schedule ?? { type: 'constant' };
  const initialRate = optimizer.rate;
  if (schedule.type !== 'constant' && (initialRate === undefined || !optimizer.setRate)) {
    throw new StageFailure('run/failed', `optimizer '${optimizer.name}' has no settable rate, so it cannot follow a ${schedule.type} schedule`);
  }
  const best = new BestWeights(network.params);
  const wrong = new Int32Array(data.inputs.rows);
  let lastMax = Number.NaN;
  let goalEpoch: number | undefined;

  // Progress records are reused every epoch (the engine copies what it reports): no allocation.
  const plain = { epoch: 0, epochs: config.epochs, loss: 0 };
  const withWrong = { epoch: 0, epochs: config.epochs, loss: 0, extra: { maxWrongPixels: 0 } };

  const started = performance.now();
  const result = fit(autoencoderStep(network, loss), data, {
    optimizer,
    updater,
    epochs: config.epochs,
    rng: ctx.rng.fork('training'),
    ...(data.noise ? { noise: data.noise.apply } : {}),
    onEpoch(epoch, meanLoss) {
      let stop = false;
      // The rate the next epoch trains with (epoch 1 used the optimizer's own).
      if (schedule.type !== 'constant' && epoch < config.epochs) optimizer.setRate!(scheduledRate(schedule, initialRate!, epoch + 1, config.epochs));
      if (epoch % config.checkEvery === 0 || epoch === config.epochs) {
        const { max, total } = countWrongPixels(network.forward(data.inputs), data.targets, wrong, config.threshold);
        lastMax = max;
        if (config.keepBest) best.offer([max, total, meanLoss], epoch);
        if (config.stopWithin !== undefined && max <= config.stopWithin) {
          goalEpoch = epoch;
          stop = true;
        }
      }
      const p = Number.isNaN(lastMax) ? plain : withWrong;
      p.epoch = epoch;
      p.loss = meanLoss;
      withWrong.extra.maxWrongPixels = lastMax;
      ctx.progress(p);
      return stop;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.stop === 'non-finite') {
    throw new StageFailure('run/diverged', `the loss became NaN or infinite at epoch ${result.nonFiniteEpoch}; try a smaller learning rate`, {
      epoch: result.nonFiniteEpoch!,
    });
  }
  // Keep-best only matters when the run did not stop on the goal (then the last weights are the best).
  if (config.keepBest && goalEpoch === undefined) best.restore();
  const final = countWrongPixels(network.forward(data.inputs), data.targets, wrong, config.threshold);
  let within = 0;
  const limit = config.stopWithin ?? 1;
  for (let i = 0; i < wrong.length; i++) if (wrong[i]! <= limit) within++;

  const model = new AutoencoderModel(
    network,
    { hidden: config.hidden, latent: config.latentActivation, output: config.output },
    { loss: result.history },
  );
  const metrics = {
    epochs: result.epochs,
    stop: goalEpoch !== undefined ? 'goal' : result.stop,
    ...(goalEpoch !== undefined ? { goalEpoch } : {}),
    ...(config.keepBest && goalEpoch === undefined ? { bestEpoch: best.epoch } : {}),
    trainingSeconds: Number(seconds.toFixed(4)),
    finalLoss: result.history[result.history.length - 1] ?? null,
    maxWrongPixels: final.max,
    itemsWithin: within,
    itemsWithinLimit: limit,
    items: wrong.length,
  };
  return {
    type: 'model',
    model,
    ...(data.imageShape ? { imageShape: data.imageShape } : {}),
    metrics,
  };
}

/** `train/autoencoder`: encoder layers as given, decoder mirrored, trained to reconstruct its input. */
export const autoencoderPlugin = defineStage<AutoencoderTrainOptions>({
  kind: 'train',
  name: 'autoencoder',
  version: '0.1.0',
  description: 'Conventional autoencoder: encoder layers as given, decoder mirrored; denoising when a noise stage is upstream.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...networkOptions({
        encoder: [64, 32],
        latent: 2,
        hidden: { type: 'tanh' },
        output: { type: 'logistic', beta: 0.5 },
        loss: { type: 'bce' },
        optimizer: { type: 'adam', rate: 0.01 },
        updater: { type: 'batch' },
        initializer: { type: 'glorot' },
        epochs: 2000,
      }),
      latentActivation: slot('activation', { type: 'linear' }, 'Activation of the latent layer.'),
      schedule: rateScheduleSchema,
      stopWithin: {
        type: 'integer',
        minimum: 0,
        description: 'Stop once every item is reconstructed within this many wrong pixels (omit to train all epochs).',
      },
      keepBest: { type: 'boolean', default: true, description: 'End on the best weights seen (by max, then total wrong pixels, then loss).' },
      checkEvery: positiveInt('Count wrong pixels every N epochs (for the stop rule and keep-best).', 1),
    },
  },
  inputs: { data: { accepts: ['dataset'], description: 'Training items (and their clean targets).' } },
  output: 'model',
  codec: modelCodec,
  run(config: AutoencoderTrainOptions, inputs, ctx: StageContext) {
    const data = inputs.data as DatasetArtifact;
    const { metrics, ...artifact } = trainAutoencoder(config, data, ctx);
    const files = writeModelToRun(artifact, ctx);
    return { artifact, metrics, files };
  },
});
