import type { ComponentPlugin, Initializer, Matrix, Rng } from '@sia/core';

export interface UniformConfig {
  readonly min?: number;
  readonly max?: number;
}

/** Weights uniform in [min, max), default [−1, 1) as the earlier tool. Biases start at 0. */
export class UniformInitializer implements Initializer {
  readonly name = 'uniform';
  constructor(
    readonly min = -1,
    readonly max = 1,
  ) {
    if (!(max > min)) throw new RangeError(`uniform initializer: max (${max}) must exceed min (${min})`);
  }

  init(weights: Matrix, rng: Rng): void {
    const W = weights.data, lo = this.min, span = this.max - this.min;
    for (let i = 0; i < W.length; i++) W[i] = lo + span * rng.uniform();
  }
}

export const uniformPlugin: ComponentPlugin<'initializer', UniformConfig> = Object.freeze({
  kind: 'initializer',
  name: 'uniform',
  version: '0.1.0',
  description: 'Weights uniform in [min, max) (the earlier tool used [-1, 1)); biases 0.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      min: { type: 'number', default: -1, description: 'Lower bound.' },
      max: { type: 'number', default: 1, description: 'Upper bound (must exceed min).' },
    },
  },
  create: (config: UniformConfig): Initializer => new UniformInitializer(config.min ?? -1, config.max ?? 1),
});
