import { slot, type ComponentConfig, type OptionsSchema } from '@sia/core';

/** A positive integer option with a default. */
export const positiveInt = (description: string, dflt: number): OptionsSchema => ({ type: 'integer', exclusiveMinimum: 0, default: dflt, description });

/** The options every autoencoder trainer shares (after defaults). */
export interface NetworkOptions {
  encoder: number[];
  latent: number;
  hidden: ComponentConfig;
  output: ComponentConfig;
  loss: ComponentConfig;
  optimizer: ComponentConfig;
  updater: ComponentConfig;
  initializer: ComponentConfig;
  epochs: number;
  threshold: number;
}

/** The defaults a trainer gives the options every autoencoder trainer shares. */
export interface NetworkDefaults {
  encoder: number[];
  latent: number;
  hidden: ComponentConfig;
  output: ComponentConfig;
  loss: ComponentConfig;
  optimizer: ComponentConfig;
  updater: ComponentConfig;
  initializer: ComponentConfig;
  epochs: number;
  /** Per-trainer wording of the loss option. */
  lossDescription?: string;
}

/**
 * Schema properties common to the autoencoder trainers: the architecture (encoder widths, mirrored
 * decoder, latent width, activations), the loss, the optimizer and batching, the initial weights,
 * the epoch budget and the ink threshold of the wrong-pixel counts.
 */
export function networkOptions(d: NetworkDefaults): Record<string, OptionsSchema> {
  return {
    encoder: {
      type: 'array',
      items: { type: 'integer', exclusiveMinimum: 0 },
      default: d.encoder,
      description: 'Hidden layer widths of the encoder, input side first; the decoder mirrors them.',
    },
    latent: positiveInt('Width of the latent code.', d.latent),
    hidden: slot('activation', d.hidden, 'Activation of every hidden layer.'),
    output: slot('activation', d.output, 'Activation of the output layer (in (0, 1) for BCE).'),
    loss: slot('loss', d.loss, d.lossDescription ?? 'Reconstruction loss.'),
    optimizer: slot('optimizer', d.optimizer, 'Weight update rule.'),
    updater: slot('updater', d.updater, 'Batching strategy: online, batch or mini-batch.'),
    initializer: slot('initializer', d.initializer, 'Initial weights.'),
    epochs: positiveInt('Epoch budget.', d.epochs),
    threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'An output above this is ink (wrong-pixel counts).' },
  };
}
