import type { Activation, ComponentPlugin, Matrix } from '@sia/core';

export type LinearConfig = Record<string, never>;

/**
 * y = z. No β: a scale on a linear output is absorbed by the layer's own weights.
 * Forward and backward are copies (cheap; a typed-array `set` is a memcpy).
 */
export class Linear implements Activation {
  readonly name = 'linear';

  forward(z: Matrix, y: Matrix): void {
    if (y !== z) y.data.set(z.data);
  }

  backward(_z: Matrix, _y: Matrix, dy: Matrix, dz: Matrix): void {
    if (dz !== dy) dz.data.set(dy.data);
  }
}

export const linearPlugin: ComponentPlugin<'activation', LinearConfig> = Object.freeze({
  kind: 'activation',
  name: 'linear',
  version: '0.1.0',
  description: 'Identity y = x (for a latent layer or a regression output).',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  create: (): Activation => new Linear(),
});
