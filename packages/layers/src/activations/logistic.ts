import { expFast, logisticBackwardWasm, logisticForwardWasm, type Activation, type ComponentPlugin, type Matrix } from '@sia/core';

export interface LogisticConfig {
  readonly beta?: number;
}

/**
 * y = 1 / (1 + exp(−2β·z)), the earlier tool's convention (β = 1/2 gives the standard sigmoid).
 * dy/dz = 2β·y·(1 − y). For very negative z, exp overflows to Infinity and y is exactly 0,
 * which is the right limit, so no clamp is needed. `expFast` (core) is Math.exp within 1e-15,
 * inlined and ~1.3× faster.
 */
export class Logistic implements Activation {
  readonly name = 'logistic';
  constructor(readonly beta = 1) {}

  forward(z: Matrix, y: Matrix): void {
    const Z = z.data, Y = y.data, k = -2 * this.beta;
    if (logisticForwardWasm(Z, Y, k)) return; // in the arena: expFast ported to f64x2, the same bits
    for (let i = 0; i < Z.length; i++) Y[i] = 1 / (1 + expFast(k * Z[i]));
  }

  backward(_z: Matrix, y: Matrix, dy: Matrix, dz: Matrix): void {
    const Y = y.data, G = dy.data, D = dz.data, k = 2 * this.beta;
    if (logisticBackwardWasm(Y, G, D, k)) return; // in the arena: the same bits, SIMD
    for (let i = 0; i < Y.length; i++) {
      const v = Y[i];
      D[i] = G[i] * k * v * (1 - v);
    }
  }
}

export const logisticPlugin: ComponentPlugin<'activation', LogisticConfig> = Object.freeze({
  kind: 'activation',
  name: 'logistic',
  version: '0.1.0',
  description: 'Logistic 1/(1+exp(-2*beta*x)), output in (0, 1).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      beta: {
        type: 'number',
        exclusiveMinimum: 0,
        default: 1,
        description: 'Steepness: 1/(1+exp(-2*beta*x)); beta = 0.5 is the standard sigmoid.',
      },
    },
  },
  create: (config: LogisticConfig): Activation => new Logistic(config.beta ?? 1),
});
