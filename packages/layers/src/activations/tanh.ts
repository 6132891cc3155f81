import type { Activation, ComponentPlugin, Matrix } from '@sia/core';

export interface TanhConfig {
  readonly beta?: number;
}

/**
 * y = tanh(β·z). Derivative in terms of the output: dy/dz = β·(1 − y²), so backward needs no
 * second tanh. Loops run straight over the Float64Arrays (no call per element but Math.tanh).
 */
export class Tanh implements Activation {
  readonly name = 'tanh';
  constructor(readonly beta = 1) {}

  forward(z: Matrix, y: Matrix): void {
    const Z = z.data, Y = y.data, b = this.beta;
    for (let i = 0; i < Z.length; i++) Y[i] = Math.tanh(b * Z[i]);
  }

  backward(_z: Matrix, y: Matrix, dy: Matrix, dz: Matrix): void {
    const Y = y.data, G = dy.data, D = dz.data, b = this.beta;
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
