import type { AnyMatrix } from '../tensor/matrix.js';
import type { Layer, Param, Penalty, StateTensor } from './types.js';

/**
 * Layers applied one after the other; itself a `Layer`, so stacks nest (a model is an encoder
 * stack followed by a decoder stack). Backward runs the layers in reverse, each one overwriting
 * its own parameter grads.
 */
export class Sequential implements Layer {
  readonly layers: readonly Layer[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params: readonly Param[];
  readonly state: readonly StateTensor[];
  /** The penalties of every layer, in order. */
  readonly penalties: readonly Penalty[];

  constructor(layers: readonly Layer[]) {
    if (layers.length === 0) throw new RangeError('Sequential: needs at least one layer');
    for (let i = 1; i < layers.length; i++) {
      if (layers[i]!.inputSize !== layers[i - 1]!.outputSize) {
        throw new RangeError(
          `Sequential: layer ${i} takes ${layers[i]!.inputSize} inputs but layer ${i - 1} gives ${layers[i - 1]!.outputSize}`,
        );
      }
    }
    this.layers = [...layers];
    this.inputSize = layers[0]!.inputSize;
    this.outputSize = layers[layers.length - 1]!.outputSize;
    this.params = layers.flatMap((l) => l.params);
    this.state = layers.flatMap((l) => l.state ?? []);
    this.penalties = layers.flatMap((l) => (l.penalty !== undefined ? [l.penalty] : l instanceof Sequential ? l.penalties : []));
  }

  /** The last layer's output buffer (valid until the next forward with as many rows). */
  forward(x: AnyMatrix, training = false): AnyMatrix {
    const layers = this.layers;
    let h = x;
    for (let i = 0; i < layers.length; i++) h = layers[i]!.forward(h, training);
    return h;
  }

  /** Back through every layer; only the first one may skip its input gradient. */
  backward(dy: AnyMatrix, needInputGrad = true): AnyMatrix {
    const layers = this.layers;
    let g = dy;
    for (let i = layers.length - 1; i >= 0; i--) g = layers[i]!.backward(g, i > 0 || needInputGrad);
    return g;
  }

  startEpoch(epoch: number, epochs: number): void {
    for (const l of this.layers) l.startEpoch?.(epoch, epochs);
  }
}
