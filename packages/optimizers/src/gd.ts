import type { ComponentPlugin, Optimizer, OptimizerState, Param } from '@sia/core';
import { savedRate } from './per-param.js';

export interface GdConfig {
  readonly rate?: number;
}

/** Plain gradient descent: w ← w − rate·g. No state. */
export class GradientDescent implements Optimizer {
  readonly name = 'gd';
  constructor(public rate: number) {}

  /** For a learning-rate schedule: later steps use `rate`. */
  setRate(rate: number): void {
    this.rate = rate;
  }

  saveState(): OptimizerState {
    return { numbers: { rate: this.rate }, arrays: {} };
  }

  loadState(_params: readonly Param[], state: OptimizerState): void {
    this.rate = savedRate(state, this.name);
  }

  step(params: readonly Param[]): void {
    const rate = this.rate;
    for (let k = 0; k < params.length; k++) {
      const W = params[k].value, G = params[k].grad, n = W.length;
      // Unrolled by 4: V8 does not vectorise, and four independent updates per iteration
      // run ~1.4× faster than one (measured).
      let i = 0;
      for (; i + 4 <= n; i += 4) {
        const w0 = W[i] - rate * G[i], w1 = W[i + 1] - rate * G[i + 1];
        const w2 = W[i + 2] - rate * G[i + 2], w3 = W[i + 3] - rate * G[i + 3];
        W[i] = w0; W[i + 1] = w1; W[i + 2] = w2; W[i + 3] = w3;
      }
      for (; i < n; i++) W[i] -= rate * G[i];
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
