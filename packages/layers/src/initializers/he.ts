import type { ComponentPlugin, Initializer, Matrix, Rng } from '@sia/core';
import { DISTRIBUTION_SCHEMA, fillScaled, type Distribution } from './scaled.js';

export interface HeConfig {
  readonly gain?: number;
  readonly distribution?: Distribution;
}

/**
 * He/Kaiming (He et al., 2015): Var(w) = gain²/fan_in with gain √2 for ReLU, which keeps the
 * activation variance constant through rectifiers. Uniform bound a = gain·√(3/fan_in), as
 * PyTorch's kaiming_uniform_.
 */
export class HeInitializer implements Initializer {
  readonly name = 'he';
  constructor(
    readonly gain = Math.SQRT2,
    readonly distribution: Distribution = 'uniform',
  ) {}

  init(weights: Matrix, rng: Rng): void {
    fillScaled(weights, rng, this.gain / Math.sqrt(weights.cols), this.distribution);
  }
}

export const hePlugin: ComponentPlugin<'initializer', HeConfig> = Object.freeze({
  kind: 'initializer',
  name: 'he',
  version: '0.1.0',
  description: 'He/Kaiming: variance gain^2/fan_in (gain sqrt(2) suits ReLU); biases 0.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      gain: { type: 'number', exclusiveMinimum: 0, default: Math.SQRT2, description: 'Scale factor; sqrt(2) for ReLU.' },
      distribution: DISTRIBUTION_SCHEMA,
    },
  },
  create: (config: HeConfig): Initializer => new HeInitializer(config.gain ?? Math.SQRT2, config.distribution ?? 'uniform'),
});
