import { Matrix, formatShape, type AnyMatrix, type FloatArray, type Initializer, type Rng, type Shape } from '@sia/core';

/**
 * What the weighted layers share: how a fresh weight matrix and bias are filled (dense, conv2d,
 * conv2d-transpose), the option schemas of the two convolutions, and reading a kernel written as
 * one number or two.
 */

/** How a fresh bias starts: `zeros`, or `uniform` in ±1/√fan_in as PyTorch's layers. */
export type BiasInit = 'zeros' | 'uniform';

/** A size along (height, width). */
export type Pair = readonly [number, number];

/** `3` → `[3, 3]`; `[3, 5]` → `[3, 5]`. */
export function pair(v: number | readonly number[]): Pair {
  return typeof v === 'number' ? [v, v] : [v[0]!, v[1]!];
}

/** The schema of a size that is one integer for both axes or `[height, width]`. */
export function pairSchema(minimum: number, maximum: number, description: string, defaultValue?: number): Record<string, unknown> {
  const int = { type: 'integer', minimum, maximum };
  const s: Record<string, unknown> = { oneOf: [int, { type: 'array', items: int, minItems: 2, maxItems: 2 }], description };
  if (defaultValue !== undefined) s.default = defaultValue;
  return s;
}

export const KERNEL_SCHEMA = pairSchema(1, 64, 'Kernel size: one integer (square) or [height, width].');
export const STRIDE_SCHEMA = { type: 'integer', minimum: 1, maximum: 64, default: 1, description: 'Step between kernel positions, on both axes.' };
export const PADDING_SCHEMA = { type: 'integer', minimum: 0, maximum: 64, default: 0, description: 'Zeros added on each side of the image.' };
export const FILTERS_SCHEMA = { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Number of output channels.' };
export const BIAS_SCHEMA = {
  enum: ['zeros', 'uniform'],
  default: 'zeros',
  description: 'Initial bias: zeros, or uniform in +-1/sqrt(fan_in) (PyTorch).',
};

/** The input as height, width, channels, or a sentence saying why it is not an image. */
export function imageShape(input: Shape, layer: string): readonly [number, number, number] | string {
  if (input.length !== 3) {
    return `a ${layer} layer takes a height x width x channels input, not ${formatShape(input)}; put { type: reshape, shape: [height, width, channels] } before it`;
  }
  return [input[0]!, input[1]!, input[2]!];
}

/** How a dense or convolution layer gets its first weights: from an initializer, or given. */
export interface WeightOptions {
  /** Prefix of the parameter names (`encoder.0` gives `encoder.0.weight`, `encoder.0.bias`). */
  readonly name?: string;
  /** Fills the weight matrix (the bias starts at 0 unless `biasInit` is uniform). Needs `rng`. */
  readonly initializer?: Initializer;
  readonly rng?: Rng;
  /** Explicit weights in the layout of the weight tensor (copied). Wins over `initializer`. */
  readonly weights?: Float64Array;
  /** Explicit bias, one per filter (copied); 0 when absent. */
  readonly bias?: Float64Array;
  /** `uniform`: ±1/√fan_in with fan_in = the weight matrix's columns, drawn after the weights. */
  readonly biasInit?: BiasInit;
}

/**
 * Fills `weights` and `bias` from `options` (dense and convolution layers alike): explicit values, or the initializer
 * on the weight matrix (rows = outputs, cols = fan_in) then, for `biasInit: uniform`, the bias in
 * ±1/√cols from the same stream. Float32 tensors get the values of a float64 layer (the same
 * draws), each rounded once to float32.
 */
export function initWeights(weights: AnyMatrix, bias: FloatArray, options: WeightOptions, what: string): void {
  if (weights.data instanceof Float32Array || bias instanceof Float32Array) {
    const w = new Matrix(weights.rows, weights.cols);
    const b = new Float64Array(bias.length);
    initWeights(w, b, options, what);
    weights.data.set(w.data);
    bias.set(b);
    return;
  }
  initWeights64(weights as Matrix, bias, options, what);
}

function initWeights64(weights: Matrix, bias: Float64Array, options: WeightOptions, what: string): void {
  if (options.weights) {
    if (options.weights.length !== weights.data.length) {
      throw new RangeError(`${what}: ${options.weights.length} weights given, expected ${weights.data.length}`);
    }
    weights.data.set(options.weights);
  } else if (options.initializer && options.rng) {
    options.initializer.init(weights, options.rng);
    if (options.biasInit === 'uniform' && !options.bias) {
      const bound = 1 / Math.sqrt(weights.cols);
      for (let i = 0; i < bias.length; i++) bias[i] = (options.rng.uniform() * 2 - 1) * bound;
    }
  } else {
    throw new Error(`${what}: give either weights or an initializer and an rng`);
  }
  if (options.bias) {
    if (options.bias.length !== bias.length) throw new RangeError(`${what}: ${options.bias.length} biases given, expected ${bias.length}`);
    bias.set(options.bias);
  }
}

/** Checks that every size is a positive integer (padding may be 0). */
export function checkSizes(what: string, sizes: Record<string, number>, zeroOk: readonly string[] = []): void {
  for (const [k, v] of Object.entries(sizes)) {
    const min = zeroOk.includes(k) ? 0 : 1;
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${what}: ${k} must be an integer >= ${min}, got ${v}`);
  }
}
