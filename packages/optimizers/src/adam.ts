import type { ComponentPlugin, Optimizer, Param } from '@sia/core';
import { PerParam } from './per-param.js';

export interface AdamConfig {
  readonly rate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

interface AdamState {
  readonly m: Float64Array;
  readonly v: Float64Array;
  /** β1^t and β2^t, kept as running products (no Math.pow per step). */
  beta1t: number;
  beta2t: number;
}

/**
 * Adam (Kingma & Ba, 2015), bias-corrected, per parameter array:
 *
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   w ← w − rate · m̂ / (√v̂ + ε)     with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t)
 *
 * computed as w ← w − (rate/(1 − β1^t)) · m / (√v/√(1 − β2^t) + ε), the form PyTorch's
 * torch.optim.Adam uses (ε added after the correction), with the corrections hoisted out of the
 * element loop.
 */
export class Adam implements Optimizer {
  readonly name = 'adam';
  private readonly state = new PerParam<AdamState>((p) => ({
    m: new Float64Array(p.value.length),
    v: new Float64Array(p.value.length),
    beta1t: 1,
    beta2t: 1,
  }));

  constructor(
    readonly rate = 0.001,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {}

  step(params: readonly Param[]): void {
    const b1 = this.beta1, b2 = this.beta2, c1 = 1 - b1, c2 = 1 - b2, eps = this.epsilon;
    const states = this.state.of(params);
    for (let k = 0; k < params.length; k++) {
      const W = params[k].value, G = params[k].grad, s = states[k];
      s.beta1t *= b1;
      s.beta2t *= b2;
      const stepSize = this.rate / (1 - s.beta1t);
      const invSqrtBc2 = 1 / Math.sqrt(1 - s.beta2t);
      const M = s.m, V = s.v;
      for (let i = 0; i < W.length; i++) {
        const g = G[i];
        const m = b1 * M[i] + c1 * g;
        const v = b2 * V[i] + c2 * g * g;
        M[i] = m;
        V[i] = v;
        W[i] -= (stepSize * m) / (Math.sqrt(v) * invSqrtBc2 + eps);
      }
    }
  }
}

export const adamPlugin: ComponentPlugin<'optimizer', AdamConfig> = Object.freeze({
  kind: 'optimizer',
  name: 'adam',
  version: '0.1.0',
  description: 'Adam with bias correction (Kingma & Ba, 2015).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      rate: { type: 'number', exclusiveMinimum: 0, default: 0.001, description: 'Learning rate.' },
      beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9, description: 'Decay of the first-moment (mean) estimate.' },
      beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.999, description: 'Decay of the second-moment (uncentred variance) estimate.' },
      epsilon: { type: 'number', exclusiveMinimum: 0, default: 1e-8, description: 'Added to the denominator for numerical safety.' },
    },
  },
  create: (config: AdamConfig): Optimizer =>
    new Adam(config.rate ?? 0.001, config.beta1 ?? 0.9, config.beta2 ?? 0.999, config.epsilon ?? 1e-8),
});
