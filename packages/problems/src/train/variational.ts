import { trainerPlugin } from './trainer-plugin.js';

/**
 * `train/variational`: the same trainer with a variational autoencoder's defaults (the problem,
 * ReLU layers, a summed BCE that weighs against the per-item KL, mini-batches of 8, He weights).
 */
export const variationalTrainerPlugin = trainerPlugin(
  'variational',
  'Trains a variational autoencoder (the autoencoder trainer with problem: variational and its defaults): mean and log-variance heads, z = mean + exp(logvar/2)*eps; loss = reconstruction + beta*KL.',
  {
    problem: { type: 'variational', beta: 1, warmup: 0 },
    encoder: [128, 64],
    latent: 2,
    hidden: { type: 'relu' },
    latentActivation: { type: 'linear' },
    output: { type: 'logistic', beta: 0.5 },
    loss: { type: 'bce', reduction: 'sum' },
    optimizer: { type: 'adam', rate: 0.003 },
    updater: { type: 'mini-batch', batchSize: 8 },
    initializer: { type: 'he' },
    epochs: 1000,
    keepBest: false,
  },
);
