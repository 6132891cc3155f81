import type { ComponentPlugin, Initializer, Matrix, Rng } from '@sia/core';
import { DISTRIBUTION_SCHEMA, fillScaled, type Distribution } from './scaled.js';

export interface GlorotConfig {
  readonly gain?: number;
  readonly distribution?: Distribution;
}

/**
 * Glorot/Xavier (Glorot & Bengio, 2010): Var(w) = gain²·2/(fan_in + fan_out), which keeps the
 * variance of activations and of gradients roughly constant through tanh/logistic layers.
 * Uniform: w ~ U(−a, a) with a = gain·√(6/(fan_in + fan_out)), as PyTorch's xavier_uniform_.
 */
export class GlorotInitializer implements Initializer {
  readonly name = 'glorot';
  constructor(
    readonly gain = 1,
    readonly distribution: Distribution = 'uniform',
  ) {}

  init(weights: Matrix, rng: Rng): void {
    const fanIn = weights.cols, fanOut = weights.rows;
    fillScaled(weights, rng, this.gain * Math.sqrt(2 / (fanIn + fanOut)), this.distribution);
  }
}

export const glorotPlugin: ComponentPlugin<'initializer', GlorotConfig> = Object.freeze({
  kind: 'initializer',
  name: 'glorot',
  version: '0.1.0',
  description: 'Glorot/Xavier: variance gain^2 * 2/(fan_in + fan_out); biases 0.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      gain: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'Scale factor (e.g. 5/3 for tanh).' },
      distribution: DISTRIBUTION_SCHEMA,
    },
  },
  create: (config: GlorotConfig): Initializer => new GlorotInitializer(config.gain ?? 1, config.distribution ?? 'uniform'),
});
