import { Matrix } from '../tensor/matrix.js';
import { RowCache } from '../nn/row-cache.js';
import type { Layer, Loss, Param } from '../nn/types.js';

/** What the epoch loop trains: parameters, and one step that fills their grads and returns the batch loss. */
export interface Trainable {
  readonly params: readonly Param[];
  /** Forward, loss, backward on one batch: OVERWRITES every param's grad; returns the batch loss. */
  trainStep(xBatch: Matrix, targetBatch: Matrix): number;
}

/**
 * Trains any layer (an `Autoencoder`, a `Sequential`, …) to map inputs to targets under `loss`:
 * forward, loss value, loss gradient, backward (skipping the input gradient nobody needs).
 * The loss-gradient buffer is made once per batch size.
 */
export function autoencoderStep(model: Layer, loss: Loss): Trainable {
  const grads = new RowCache((rows) => new Matrix(rows, model.outputSize));
  return {
    params: model.params,
    trainStep(x: Matrix, target: Matrix): number {
      const y = model.forward(x);
      const g = grads.get(y.rows);
      const value = loss.value(y, target);
      loss.gradient(y, target, g);
      model.backward(g, false);
      return value;
    },
  };
}
