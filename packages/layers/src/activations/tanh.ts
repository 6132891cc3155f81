import { expFast, tanhBackwardWasm, tanhForwardWasm, type Activation, type ComponentPlugin, type Matrix } from '@sia/core';

export interface TanhConfig {
  readonly beta?: number;
}

/**
 * y = tanh(β·z). Derivative in terms of the output: dy/dz = β·(1 − y²), so backward needs no
 * second tanh.
 *
 * Forward uses tanh(u) = 1 − 2/(1 + e^{2u}) rather than Math.tanh: V8's Math.tanh costs ~31 ns
 * per element on this machine against ~8 ns for `expFast` and a division, and activations are
 * a fifth to a half of a small net's epoch. The absolute error stays below 4e-16 (measured over
 * [−10, 10]); the limits are exact (e^{2u} = ∞ gives 1, e^{2u} = 0 gives −1). Only for
 * |u| < 1e-3 is the relative error larger than Math.tanh's, which training never notices.
 */
export class Tanh implements Activation {
  readonly name = 'tanh';
  constructor(readonly beta = 1) {}

  forward(z: Matrix, y: Matrix): void {
    const Z = z.data, Y = y.data, k = 2 * this.beta;
    if (tanhForwardWasm(Z, Y, k)) return; // in the arena: expFast ported to f64x2, the same bits
    for (let i = 0; i < Z.length; i++) Y[i] = 1 - 2 / (1 + expFast(k * Z[i]));
  }

  backward(_z: Matrix, y: Matrix, dy: Matrix, dz: Matrix): void {
    const Y = y.data, G = dy.data, D = dz.data, b = this.beta;
    if (tanhBackwardWasm(Y, G, D, b)) return; // in the arena: the same bits, SIMD
    for (let i = 0; i < Y.length; i++) {
      const v = Y[i];
      D[i] = G[i] * b * (1 - v * v);
    }
  }
}

export const tanhPlugin: ComponentPlugin<'activation', TanhConfig> = Object.freeze({
  kind: 'activation',
  name: 'tanh',
  version: '0.1.0',
  description: 'Hyperbolic tangent tanh(beta*x), output in (-1, 1).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      beta: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'Slope at the origin: tanh(beta*x).' },
    },
  },
  create: (config: TanhConfig): Activation => new Tanh(config.beta ?? 1),
});
