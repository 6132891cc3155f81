import { mseGradientWasm, mseSumWasm, type ComponentPlugin, type Loss, type Matrix } from '@sia/core';
import { REDUCTION_SCHEMA, reductionScale, type Reduction } from './reduction.js';

export interface MseConfig {
  readonly reduction?: Reduction;
}

/**
 * Squared error L = s·Σ (p − t)², s from the reduction (1/(rows·cols) or 1/rows), with no ½:
 * the same numbers as PyTorch's MSELoss. dL/dp = 2s·(p − t).
 */
export class MeanSquaredError implements Loss {
  readonly name = 'mse';
  constructor(readonly reduction: Reduction = 'mean') {}

  value(pred: Matrix, target: Matrix): number {
    const P = pred.data, T = target.data;
    const sum = mseSumWasm(P, T); // in the arena: the same loop in WebAssembly, the same bits
    if (sum !== undefined) return sum * reductionScale(this.reduction, pred.rows, pred.cols);
    let s = 0;
    for (let i = 0; i < P.length; i++) {
      const d = P[i] - T[i];
      s += d * d;
    }
    return s * reductionScale(this.reduction, pred.rows, pred.cols);
  }

  gradient(pred: Matrix, target: Matrix, grad: Matrix): void {
    const P = pred.data, T = target.data, G = grad.data;
    const k = 2 * reductionScale(this.reduction, pred.rows, pred.cols);
    if (mseGradientWasm(P, T, G, k)) return;
    for (let i = 0; i < P.length; i++) G[i] = k * (P[i] - T[i]);
  }
}

export const msePlugin: ComponentPlugin<'loss', MseConfig> = Object.freeze({
  kind: 'loss',
  name: 'mse',
  version: '0.1.0',
  description: 'Mean squared error between outputs and targets.',
  schema: { type: 'object', additionalProperties: false, properties: { reduction: REDUCTION_SCHEMA } },
  create: (config: MseConfig): Loss => new MeanSquaredError(config.reduction ?? 'mean'),
});
