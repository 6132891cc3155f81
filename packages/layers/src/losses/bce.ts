import { bceGradientWasm, bceSumWasm, logExact, type ComponentPlugin, type Loss, type Matrix } from '@sia/core';
import { REDUCTION_SCHEMA, reductionScale, type Reduction } from './reduction.js';

export interface BceConfig {
  readonly reduction?: Reduction;
  readonly epsilon?: number;
}

/**
 * Binary cross-entropy L = −s·Σ [t·ln p + (1 − t)·ln(1 − p)], targets in [0, 1].
 * Predictions are clamped to [ε, 1 − ε] so a saturated logistic output (exactly 0 or 1 in
 * float64) gives a finite loss; with ε = 1e-7 one element costs at most −ln ε ≈ 16.1.
 *
 * dL/dp = s·(p − t) / (p·(1 − p)), evaluated at the clamped p, so it stays finite. It is not
 * zeroed outside the clamp, but behind a logistic output whose y(1 − y) is exactly 0 the product
 * still vanishes: saturation is avoided by the initial weights and rates, not by this loss.
 * Inside [ε, 1 − ε] this is the exact derivative (checked by finite differences).
 */
export class BinaryCrossEntropy implements Loss {
  readonly name = 'bce';
  constructor(
    readonly reduction: Reduction = 'mean',
    readonly epsilon = 1e-7,
  ) {}

  value(pred: Matrix, target: Matrix): number {
    const P = pred.data, T = target.data, lo = this.epsilon, hi = 1 - this.epsilon;
    // In the arena: the same loop in WebAssembly (the same log, the same order), the same bits.
    const sum = bceSumWasm(P, T, lo, hi);
    if (sum !== undefined) return sum * reductionScale(this.reduction, pred.rows, pred.cols);
    let s = 0;
    for (let i = 0; i < P.length; i++) {
      const p = P[i] < lo ? lo : P[i] > hi ? hi : P[i];
      const t = T[i];
      // Binary targets need one log, not two (same value: 0·ln p adds exactly 0).
      if (t === 1) s -= logExact(p);
      else if (t === 0) s -= logExact(1 - p);
      else s -= t * logExact(p) + (1 - t) * logExact(1 - p);
    }
    return s * reductionScale(this.reduction, pred.rows, pred.cols);
  }

  gradient(pred: Matrix, target: Matrix, grad: Matrix): void {
    const P = pred.data, T = target.data, G = grad.data, lo = this.epsilon, hi = 1 - this.epsilon;
    const k = reductionScale(this.reduction, pred.rows, pred.cols);
    if (bceGradientWasm(P, T, G, lo, hi, k)) return;
    for (let i = 0; i < P.length; i++) {
      const p = P[i] < lo ? lo : P[i] > hi ? hi : P[i];
      G[i] = (k * (p - T[i])) / (p * (1 - p));
    }
  }
}

export const bcePlugin: ComponentPlugin<'loss', BceConfig> = Object.freeze({
  kind: 'loss',
  name: 'bce',
  version: '0.1.0',
  description: 'Binary cross-entropy for outputs in (0, 1), numerically safe.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      reduction: REDUCTION_SCHEMA,
      epsilon: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 0.01,
        default: 1e-7,
        description: 'Predictions are clamped to [epsilon, 1 - epsilon] before the logarithm.',
      },
    },
  },
  create: (config: BceConfig): Loss => new BinaryCrossEntropy(config.reduction ?? 'mean', config.epsilon ?? 1e-7),
});
