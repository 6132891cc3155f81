import type { AnyMatrix, FloatArray, Matrix, Precision } from '../tensor/matrix.js';
import type { Rng } from '../rng/rng.js';

/**
 * The shape of one item, without the batch axis: `[n]` for a flat vector, `[height, width,
 * channels]` for an image (channels last). A batch of items is a matrix with one item per row and
 * `shapeSize(shape)` columns, in row-major order of the shape.
 */
export type Shape = readonly number[];

/** Number of values in one item of `shape`. */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `[20, 20, 1]` → `20x20x1`. */
export function formatShape(shape: Shape): string {
  return shape.join('x');
}

/** A trainable array and its gradient, of equal length. Optimizers update `value` from `grad`. */
export interface Param {
  readonly name: string;
  /** Float64Array, or Float32Array in a float32 network (`grad` then too). */
  readonly value: FloatArray;
  readonly grad: FloatArray;
  /** The tensor's shape as saved (row-major); `[value.length]` when absent. */
  readonly shape?: readonly number[];
}

/**
 * A tensor a layer keeps but does not train (batch normalisation's running statistics): saved
 * with the model and loaded back, never touched by an optimizer.
 */
export interface StateTensor {
  readonly name: string;
  readonly value: FloatArray;
  readonly shape: readonly number[];
}

/**
 * An extra term of the training objective that a layer adds (the KL divergence of a variational
 * code, an L1 activity penalty). Each training forward updates `value` (per item, averaged over
 * the batch); the objective gains `weight · value`, and the layer's backward adds the gradient of
 * that product itself. The trainer records `value` per epoch under `name`.
 */
export interface Penalty {
  readonly name: string;
  value: number;
  weight: number;
}

/**
 * An elementwise activation. `forward` writes y = f(z); `backward` writes dz = dy * f'(z),
 * given z and y (whichever is cheaper to use). Both never allocate; out may alias the input.
 */
export interface Activation {
  readonly name: string;
  forward(z: AnyMatrix, y: AnyMatrix): void;
  backward(z: AnyMatrix, y: AnyMatrix, dy: AnyMatrix, dz: AnyMatrix): void;
}

/**
 * A loss between a batch of predictions and targets of the same shape.
 * `value` returns the batch loss; `gradient` writes d(loss)/d(pred) into `grad`
 * consistently with `value` (checked by finite differences).
 */
export interface Loss {
  readonly name: string;
  value(pred: AnyMatrix, target: AnyMatrix): number;
  gradient(pred: AnyMatrix, target: AnyMatrix, grad: AnyMatrix): void;
}

/** Fills a weight matrix (rows = outputs, cols = inputs) from the stream. */
export interface Initializer {
  readonly name: string;
  init(weights: Matrix, rng: Rng): void;
}

/**
 * A layer works on a whole batch: rows are samples, columns the values of one item in row-major
 * order of its shape. `training` selects the training behaviour of layers that have one
 * (dropout masks, batch statistics, a sampled variational code); evaluation is the default.
 */
export interface Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params: readonly Param[];
  /** Non-trainable tensors saved with the model (running statistics). */
  readonly state?: readonly StateTensor[];
  /** The extra objective term this layer adds in training, if any. */
  readonly penalty?: Penalty;
  /** Called by the trainer before each epoch (1-based), e.g. for a KL warm-up. */
  startEpoch?(epoch: number, epochs: number): void;
  /** Returns the output batch (an internal buffer, valid until the next forward). */
  forward(x: AnyMatrix, training?: boolean): AnyMatrix;
  /**
   * Given d(loss)/d(output) of the last forward, OVERWRITES the parameter grads with this batch's
   * gradient and returns d(loss)/d(input) (an internal buffer). With `needInputGrad === false` the
   * input gradient may be skipped (a first layer needs none) and the returned matrix is unspecified.
   */
  backward(dy: AnyMatrix, needInputGrad?: boolean): AnyMatrix;
}

/**
 * Float32 semantics of an elementwise kernel (the contract every float32 layer, activation, loss
 * and optimizer follows, so that results are deterministic and the same on every engine):
 *  - arithmetic (+, −, ·, ÷, √) is done op by op in float32: `Math.fround` of each float64
 *    result of float32 operands, which is the correctly rounded float32 result; constants (β,
 *    rates, ε) are rounded to float32 first;
 *  - a transcendental function (exp, log, tanh, the logistic) is computed in float64 with the
 *    project's exact functions on the float32 input and rounded once to float32.
 * Scalars that only report (a loss value, a penalty value) are summed in float64.
 */
export type { Precision };
