import type { AnyMatrix, Matrix } from '../tensor/matrix.js';
import { arenaMatrix } from '../tensor/wasm/arena.js';
import { RowCache } from '../nn/row-cache.js';
import type { Layer, Loss, Param, Penalty } from '../nn/types.js';

/** What the epoch loop trains: parameters, and one step that fills their grads and returns the batch loss. */
export interface Trainable {
  readonly params: readonly Param[];
  /** Forward, loss, backward on one batch: OVERWRITES every param's grad; returns the batch loss. */
  trainStep(xBatch: Matrix, targetBatch: Matrix): number;
}

/** A training step that also tells the two parts of its last objective apart. */
export interface ReconstructionStep extends Trainable {
  /** The reconstruction loss of the last step (the objective without the penalties). */
  readonly lastReconstruction: number;
}

/**
 * Trains any layer (a `Model`, a `Sequential`, ...) to map inputs to targets: a training forward,
 * the objective `loss(y, target) + Σ weight · penalty` over the layers' penalties (KL, activity
 * penalties; each layer's backward adds its own penalty's gradient), the loss gradient, and a
 * backward that skips the input gradient nobody needs. The gradient buffer is made once per
 * batch size, in the precision of the model's output (float32 for a float32 network), in the
 * wasm arena when there is one.
 */
export function reconstructionStep(model: Layer, loss: Loss, penalties: readonly Penalty[] = []): ReconstructionStep {
  let grads: RowCache<AnyMatrix> | undefined;
  const step = {
    params: model.params,
    lastReconstruction: 0,
    trainStep(x: Matrix, target: Matrix): number {
      const y = model.forward(x, true);
      // In the arena, so the loss gradient (and the BCE value) can take the per-element kernels.
      grads ??= new RowCache((rows) => arenaMatrix(rows, model.outputSize, y.precision));
      const g = grads.get(y.rows);
      const rec = loss.value(y, target);
      let value = rec;
      for (let i = 0; i < penalties.length; i++) value += penalties[i]!.weight * penalties[i]!.value;
      step.lastReconstruction = rec;
      loss.gradient(y, target, g);
      model.backward(g, false);
      return value;
    },
  };
  return step;
}
