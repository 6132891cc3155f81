import {
  defineStage,
  StageFailure,
  fit,
  type DatasetArtifact,
  type ModelArtifact,
  type StageContext,
} from '@sia/core';
import { countWrongPixels } from '../evaluate/wrong-pixels.js';
import { modelCodec, writeModelToRun } from '../model/model-codec.js';
import { VariationalModel } from './variational-model.js';
import { VariationalNetwork } from './variational-network.js';
import { klWeight } from './warmup.js';
import { networkOptions, type NetworkOptions } from '../train/network-options.js';

/** Options of `train/variational` (after defaults). */
export interface VariationalTrainOptions extends NetworkOptions {
  beta: number;
  warmup: number;
}

/**
 * Trains a variational autoencoder on the items of `data` (targets = the clean items, so a noise
 * stage upstream makes it denoising too). ε comes from the stage's stream `sampling`, the weights
 * from `weights`, the batch order from `training`: each can change without moving the others.
 * History per epoch: `loss` (the objective trained on), `reconstruction` and `kl` (per item).
 */
export function trainVariational(
  config: VariationalTrainOptions,
  data: DatasetArtifact,
  ctx: StageContext,
): ModelArtifact & { metrics: Record<string, unknown> } {
  const network = VariationalNetwork.create(
    {
      inputSize: data.inputs.cols,
      hidden: config.encoder,
      latent: config.latent,
      hiddenActivation: ctx.create('activation', config.hidden),
      outputActivation: ctx.create('activation', config.output),
    },
    ctx.create('initializer', config.initializer),
    ctx.rng.fork('weights'),
  ).prepare(ctx.create('loss', config.loss), ctx.rng.fork('sampling'));
  const optimizer = ctx.create('optimizer', config.optimizer);
  const updater = ctx.create('updater', config.updater);

  const rec = new Float64Array(config.epochs);
  const kl = new Float64Array(config.epochs);
  // The epoch's item-weighted sums of both terms, gathered by wrapping the step (no allocation).
  let recSum = 0;
  let klSum = 0;
  const step = {
    params: network.params,
    trainStep(x: typeof data.inputs, t: typeof data.inputs): number {
      const value = network.trainStep(x, t);
      recSum += network.lastReconstruction * x.rows;
      klSum += network.lastKl * x.rows;
      return value;
    },
  };
  const n = data.inputs.rows;
  network.klWeight = klWeight(1, config.beta, config.warmup);

  // One progress record, reused every epoch (the engine copies what it reports): no allocation.
  const progress = { epoch: 0, epochs: config.epochs, loss: 0, extra: { kl: 0 } };

  const started = performance.now();
  const result = fit(step, data, {
    optimizer,
    updater,
    epochs: config.epochs,
    rng: ctx.rng.fork('training'),
    ...(data.noise ? { noise: data.noise.apply } : {}),
    onEpoch(epoch, meanLoss) {
      rec[epoch - 1] = recSum / n;
      kl[epoch - 1] = klSum / n;
      recSum = 0;
      klSum = 0;
      network.klWeight = klWeight(epoch + 1, config.beta, config.warmup);
      progress.epoch = epoch;
      progress.loss = meanLoss;
      progress.extra.kl = kl[epoch - 1]!;
      ctx.progress(progress);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.stop === 'non-finite') {
    throw new StageFailure('run/diverged', `the loss became NaN or infinite at epoch ${result.nonFiniteEpoch}; try a smaller learning rate or a smaller beta`, {
      epoch: result.nonFiniteEpoch!,
    });
  }
  const epochs = result.epochs;
  const history = {
    loss: result.history,
    reconstruction: Array.from(rec.subarray(0, epochs)),
    kl: Array.from(kl.subarray(0, epochs)),
  };
  const model = new VariationalModel(network, { hidden: config.hidden, output: config.output }, history);
  const wrong = new Int32Array(n);
  const final = countWrongPixels(model.reconstruct(data.inputs), data.targets, wrong, config.threshold);
  const metrics = {
    epochs,
    trainingSeconds: Number(seconds.toFixed(4)),
    finalLoss: history.loss[epochs - 1] ?? null,
    finalReconstruction: history.reconstruction[epochs - 1] ?? null,
    finalKl: history.kl[epochs - 1] ?? null,
    maxWrongPixels: final.max,
    items: n,
  };
  return { type: 'model', model, ...(data.imageShape ? { imageShape: data.imageShape } : {}), metrics };
}

/** `train/variational`: a variational autoencoder (mean and log-variance heads, reparameterized sampling, KL to N(0, I)). */
export const variationalPlugin = defineStage<VariationalTrainOptions>({
  kind: 'train',
  name: 'variational',
  version: '0.1.0',
  description:
    'Variational autoencoder: encoder to mean and log-variance heads, z = mean + exp(logvar/2)*eps, mirrored decoder; loss = reconstruction + beta*KL(q(z|x) || N(0, I)).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...networkOptions({
        encoder: [128, 64],
        latent: 2,
        hidden: { type: 'relu' },
        output: { type: 'logistic', beta: 0.5 },
        loss: { type: 'bce', reduction: 'sum' },
        lossDescription: "Reconstruction loss; 'sum' reduction (per item) weighs it against the per-item KL.",
        optimizer: { type: 'adam', rate: 0.003 },
        updater: { type: 'mini-batch', batchSize: 8 },
        initializer: { type: 'he' },
        epochs: 1000,
      }),
      beta: { type: 'number', minimum: 0, default: 1, description: 'Weight of the KL term (beta-VAE; 1 is the plain VAE objective).' },
      warmup: { type: 'integer', minimum: 0, default: 0, description: 'Epochs over which the KL weight rises linearly from 0 to beta (0 = off).' },
    },
  },
  inputs: { data: { accepts: ['dataset'], description: 'Training items (and their clean targets).' } },
  output: 'model',
  codec: modelCodec,
  run(config: VariationalTrainOptions, inputs, ctx: StageContext) {
    const data = inputs.data as DatasetArtifact;
    const { metrics, ...artifact } = trainVariational(config, data, ctx);
    const files = writeModelToRun(artifact, ctx);
    return { artifact, metrics, files };
  },
});
