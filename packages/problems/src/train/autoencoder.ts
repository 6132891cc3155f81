import { trainerPlugin } from './trainer-plugin.js';

/** `train/autoencoder`: any problem; defaults for a conventional autoencoder of the 5x7 font. */
export const autoencoderPlugin = trainerPlugin(
  'autoencoder',
  'Trains an autoencoder of any problem (conventional by default): encoder layers as given, decoder mirrored or as given.',
  {
    problem: { type: 'conventional' },
    encoder: [64, 32],
    latent: 2,
    hidden: { type: 'tanh' },
    latentActivation: { type: 'linear' },
    output: { type: 'logistic', beta: 0.5 },
    loss: { type: 'bce' },
    optimizer: { type: 'adam', rate: 0.01 },
    updater: { type: 'batch' },
    initializer: { type: 'glorot' },
    epochs: 2000,
    keepBest: true,
  },
);
