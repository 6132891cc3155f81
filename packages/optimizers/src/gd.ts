import type { ComponentPlugin, Optimizer, Param } from '@sia/core';

export interface GdConfig {
  readonly rate?: number;
}

/** Plain gradient descent: w ← w − rate·g. No state. */
export class GradientDescent implements Optimizer {
  readonly name = 'gd';
  constructor(readonly rate: number) {}

  step(params: readonly Param[]): void {
    const rate = this.rate;
    for (let k = 0; k < params.length; k++) {
      const W = params[k].value, G = params[k].grad;
      for (let i = 0; i < W.length; i++) W[i] -= rate * G[i];
    }
  }
}

export const gdPlugin: ComponentPlugin<'optimizer', GdConfig> = Object.freeze({
  kind: 'optimizer',
  name: 'gd',
  version: '0.1.0',
  description: 'Gradient descent: w -= rate * grad.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      rate: { type: 'number', exclusiveMinimum: 0, default: 0.1, description: 'Learning rate.' },
    },
  },
  create: (config: GdConfig): Optimizer => new GradientDescent(config.rate ?? 0.1),
});
