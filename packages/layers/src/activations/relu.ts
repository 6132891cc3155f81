import { reluBackwardWasm, reluForwardWasm, type Activation, type ComponentPlugin, type Matrix } from '@sia/core';

export interface ReluConfig {
  readonly negativeSlope?: number;
}

/**
 * y = z for z > 0, a·z otherwise (a = `negativeSlope`, 0 for the plain ReLU, > 0 for the leaky
 * one). There is no β: relu(β·z) = β·relu(z), a scale the next layer's weights absorb, so it
 * would be a knob without effect. The derivative at exactly 0 is taken as a (the left one).
 */
export class Relu implements Activation {
  readonly name = 'relu';
  constructor(readonly negativeSlope = 0) {}

  forward(z: Matrix, y: Matrix): void {
    const Z = z.data, Y = y.data, a = this.negativeSlope;
    if (reluForwardWasm(Z, Y, a)) return; // in the arena: the same bits, two or four at a time
    for (let i = 0; i < Z.length; i++) {
      const v = Z[i];
      Y[i] = v > 0 ? v : a * v + 0; // + 0: a plain ReLU gives +0, not −0, for negative z
    }
  }

  backward(z: Matrix, _y: Matrix, dy: Matrix, dz: Matrix): void {
    const Z = z.data, G = dy.data, D = dz.data, a = this.negativeSlope;
    if (reluBackwardWasm(Z, G, D, a)) return;
    for (let i = 0; i < Z.length; i++) D[i] = Z[i] > 0 ? G[i] : a * G[i] + 0;
  }
}

export const reluPlugin: ComponentPlugin<'activation', ReluConfig> = Object.freeze({
  kind: 'activation',
  name: 'relu',
  version: '0.1.0',
  description: 'Rectified linear max(0, x); leaky with a negative slope.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      negativeSlope: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        default: 0,
        description: 'Slope for x <= 0 (0: plain ReLU; e.g. 0.01: leaky ReLU).',
      },
    },
  },
  create: (config: ReluConfig): Activation => new Relu(config.negativeSlope ?? 0),
});
