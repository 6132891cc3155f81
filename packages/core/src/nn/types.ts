import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../rng/rng.js';

/** A trainable array and its gradient, of equal length. Optimizers update `value` from `grad`. */
export interface Param {
  readonly name: string;
  readonly value: Float64Array;
  readonly grad: Float64Array;
}

/**
 * An elementwise activation. `forward` writes y = f(z); `backward` writes dz = dy * f'(z),
 * given z and y (whichever is cheaper to use). Both never allocate; out may alias the input.
 */
export interface Activation {
  readonly name: string;
  forward(z: Matrix, y: Matrix): void;
  backward(z: Matrix, y: Matrix, dy: Matrix, dz: Matrix): void;
}

/**
 * A loss between a batch of predictions and targets of the same shape.
 * `value` returns the batch loss; `gradient` writes d(loss)/d(pred) into `grad`
 * consistently with `value` (checked by finite differences).
 */
export interface Loss {
  readonly name: string;
  value(pred: Matrix, target: Matrix): number;
  gradient(pred: Matrix, target: Matrix, grad: Matrix): void;
}

/** Fills a weight matrix (rows = outputs, cols = inputs) from the stream. */
export interface Initializer {
  readonly name: string;
  init(weights: Matrix, rng: Rng): void;
}

/** A layer works on a whole batch: rows are samples. */
export interface Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params: readonly Param[];
  /** Returns the output batch (an internal buffer, valid until the next forward). */
  forward(x: Matrix): Matrix;
  /**
   * Given d(loss)/d(output) of the last forward, OVERWRITES the parameter grads with this batch's
   * gradient and returns d(loss)/d(input) (an internal buffer). With `needInputGrad === false` the
   * input gradient may be skipped (a first layer needs none) and the returned matrix is unspecified.
   */
  backward(dy: Matrix, needInputGrad?: boolean): Matrix;
}
