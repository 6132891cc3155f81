import { allocF32, allocF64, type FloatArray, type Precision } from '@sia/core';

/**
 * What the layers share about their precision (float64, the default, or float32; see the float32
 * contract in core's `nn/types.ts`): allocating a vector of it, and rounding each result of
 * elementwise arithmetic to it.
 */

/** float32 when asked for, float64 otherwise. */
export function precisionOf(precision: Precision | undefined): Precision {
  return precision === 'float32' ? 'float32' : 'float64';
}

/** A zeroed vector of `precision`, in the wasm arena when there is one. */
export function allocVector(n: number, precision: Precision): FloatArray {
  return precision === 'float32' ? allocF32(n) : allocF64(n);
}

/** Rounds one arithmetic result to the layer's precision. */
export type Round = (v: number) => number;

const exact: Round = (v) => v;

/**
 * `Math.fround` in float32, the identity in float64. A kernel wraps every +, −, ·, ÷ and √ in it:
 * fround of the float64 result of float32 operands is the correctly rounded float32 result
 * (53 ≥ 2·24 + 2), so that is op-by-op float32 arithmetic, and a value read from a float64 input
 * (a dataset batch, a float64 dY) goes through it first to be a float32 operand. In float64 every
 * expression keeps its exact float64 value.
 */
export function rounding(precision: Precision): Round {
  return precision === 'float32' ? Math.fround : exact;
}

/**
 * The precision whose arrays are `D`: the type of the `precision` option of a layer generic over
 * its arrays, so that `new Conv2d({...})` has Float64Array weights and a float32 layer is written
 * `new Conv2d<Float32Array>({ ..., precision: 'float32' })` (or `<FloatArray>` for either).
 */
export type PrecisionOf<D extends FloatArray> = D extends Float32Array ? 'float32' : 'float64';
