import type { ComponentPlugin, Optimizer, OptimizerState, Param } from '@sia/core';
import { PerParam, loadArray, savedRate } from './per-param.js';

export interface MomentumConfig {
  readonly rate?: number;
  readonly alpha?: number;
}

/**
 * Classical momentum (the earlier tool's convention):
 *
 *   v ← α·v − rate·g
 *   w ← w + v
 *
 * v starts at 0, so the first step equals gradient descent. (PyTorch's SGD keeps
 * b ← α·b + g and w ← w − rate·b, the same sequence of weights when rate is constant.)
 */
export class Momentum implements Optimizer {
  readonly name = 'momentum';
  // The velocity has the param's precision (float32 in a float32 network).
  private readonly velocity = new PerParam((p) => (p.value instanceof Float32Array ? new Float32Array(p.value.length) : new Float64Array(p.value.length)));

  constructor(
    public rate: number,
    readonly alpha: number,
  ) {}

  /** For a learning-rate schedule: later steps use `rate`; the velocity is kept. */
  setRate(rate: number): void {
    this.rate = rate;
  }

  saveState(params: readonly Param[]): OptimizerState {
    const vs = this.velocity.of(params);
    return { numbers: { rate: this.rate }, arrays: Object.fromEntries(params.map((p, k) => [`${p.name}/velocity`, vs[k]!.slice()])) };
  }

  loadState(params: readonly Param[], state: OptimizerState): void {
    this.rate = savedRate(state, this.name);
    const vs = this.velocity.of(params);
    params.forEach((p, k) => loadArray(state, `${p.name}/velocity`, vs[k]!, this.name));
  }

  step(params: readonly Param[]): void {
    const rate = this.rate, alpha = this.alpha;
    const vs = this.velocity.of(params);
    for (let k = 0; k < params.length; k++) {
      const W = params[k].value, G = params[k].grad, V = vs[k];
      for (let i = 0; i < W.length; i++) {
        const v = alpha * V[i] - rate * G[i];
        V[i] = v;
        W[i] += v;
      }
    }
  }
}

export const momentumPlugin: ComponentPlugin<'optimizer', MomentumConfig> = Object.freeze({
  kind: 'optimizer',
  name: 'momentum',
  version: '0.1.0',
  description: 'Gradient descent with momentum: v = alpha*v - rate*grad; w += v.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      rate: { type: 'number', exclusiveMinimum: 0, default: 0.1, description: 'Learning rate.' },
      alpha: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9, description: 'Momentum: share of the last velocity kept.' },
    },
  },
  create: (config: MomentumConfig): Optimizer => new Momentum(config.rate ?? 0.1, config.alpha ?? 0.9),
});
