import {
  Matrix,
  RowCache,
  allocF32,
  allocF64,
  columnSums,
  fillRows,
  gemmNN,
  gemmNT,
  gemmTN,
  defineComponent,
  slot,
  wasmArena,
  type Activation,
  type ComponentConfig,
  type ComponentPlugin,
  type Layer,
  type LayerBlueprint,
  type LayerConfig,
  type Param,
  type Precision,
} from '@sia/core';
import { initWeights, type BiasInit, type WeightOptions } from './layer-options.js';

/** A dense layer's sizes and activation, and how its weights start (explicit weights are row-major outputSize × inputSize). */
export interface DenseOptions extends WeightOptions {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
  /** float64 (the default) or float32: the type of the weights, gradients and every buffer. */
  readonly precision?: Precision;
}

export type { BiasInit };

/** A matrix of the layer's precision: float64 (`Matrix`) or float32. */
type M = Matrix<Float64Array> | Matrix<Float32Array>;

interface DenseBuffers {
  readonly z: M; // pre-activation X·Wᵀ + b
  readonly y: M; // act(z)
  readonly dz: M; // d(loss)/dz
  readonly dx: M; // d(loss)/dX
  readonly x: M | undefined; // copy of an input outside the arena, or of another precision
}

/**
 * A fully connected layer on a whole batch (rows = samples):
 *
 *   forward   Z = X·Wᵀ + b,  Y = act(Z)
 *   backward  dZ = act'(Z) ∘ dY,  dW = dZᵀ·X,  db = Σ_rows dZ,  dX = dZ·W
 *
 * `backward` OVERWRITES `weightGrad` and `biasGrad` with the gradient of the last batch (no
 * accumulation across calls: an optimizer step follows every backward). It uses the X given to
 * the last `forward`, which must not change in between. Buffers are made once per batch size.
 *
 * Weights, gradients and buffers are allocated in core's wasm arena (`tensor/wasm/arena.ts`), so
 * the three products and Adam's update take the WebAssembly SIMD route, with the same bits as the
 * plain kernels.
 *
 * With `precision: 'float32'` all of them are Float32Arrays and the products are the float32 ones
 * (f32x4, each sum rounded to float32 at every step, `gemm32-reference.ts`); an input of the other
 * precision (the float64 batch of a dataset) is rounded into a float32 copy first. The activation
 * computes each value in float64 from float32 inputs and stores it rounded to float32.
 */
export class Dense implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
  readonly name: string;
  /** W, outputSize × inputSize. */
  readonly weights: M;
  readonly bias: Float64Array | Float32Array;
  readonly weightGrad: M;
  readonly biasGrad: Float64Array | Float32Array;
  readonly params: readonly Param[];
  readonly precision: Precision;

  private readonly cache: RowCache<DenseBuffers>;
  private lastX: M | undefined;
  private last: DenseBuffers | undefined;

  constructor(options: DenseOptions) {
    const { inputSize, outputSize } = options;
    if (!Number.isInteger(inputSize) || inputSize < 1 || !Number.isInteger(outputSize) || outputSize < 1) {
      throw new RangeError(`Dense: sizes must be positive integers, got ${inputSize} -> ${outputSize}`);
    }
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.activation = options.activation;
    this.name = options.name ?? 'dense';
    // Parameters and buffers live in the wasm arena (plain typed arrays when there is none), so
    // the SIMD products and Adam's update work on them in place.
    const f32 = options.precision === 'float32';
    this.precision = f32 ? 'float32' : 'float64';
    const alloc = f32 ? allocF32 : allocF64;
    const m = (r: number, c: number): M => (f32 ? new Matrix(r, c, allocF32(r * c)) : new Matrix(r, c, allocF64(r * c)));
    this.weights = m(outputSize, inputSize);
    this.bias = alloc(outputSize);
    this.weightGrad = m(outputSize, inputSize);
    this.biasGrad = alloc(outputSize);

    initWeights(this.weights, this.bias, options, `Dense ${this.name}`); // float32: the float64 draws, rounded

    this.params = [
      { name: `${this.name}.weight`, value: this.weights.data, grad: this.weightGrad.data, shape: [outputSize, inputSize] },
      { name: `${this.name}.bias`, value: this.bias, grad: this.biasGrad, shape: [outputSize] },
    ];
    const arena = wasmArena() !== undefined;
    this.cache = new RowCache((rows) => ({
      z: m(rows, outputSize),
      y: m(rows, outputSize),
      dz: m(rows, outputSize),
      dx: m(rows, inputSize),
      x: arena || f32 ? m(rows, inputSize) : undefined,
    }));
  }

  /** Y = act(X·Wᵀ + b). Returns an internal buffer, valid until the next forward with as many rows. */
  forward(input: Matrix<Float64Array | Float32Array>, _training = false): M {
    const buf = this.cache.get(input.rows);
    let x = input as M;
    // An input from outside the arena (a training batch), or of the other precision, is copied
    // (rounded) in once, so that the backward products (dW = dZᵀ·X) can run in place; the copy
    // is batch × inputSize, small.
    if (buf.x !== undefined && (x.data.constructor !== buf.x.data.constructor || !(wasmArena()?.owns(x.data) ?? true))) {
      buf.x.data.set(x.data);
      x = buf.x;
    }
    fillRows(buf.z, this.bias); // start from b, then accumulate X·Wᵀ on top: one pass fewer
    gemmNT(x, this.weights, buf.z, true);
    this.activation.forward(buf.z, buf.y);
    this.lastX = x;
    this.last = buf;
    return buf.y;
  }

  /** See the class comment. Returns dX (an internal buffer) unless `needInputGrad` is false. */
  backward(dy: Matrix<Float64Array | Float32Array>, needInputGrad = true): M {
    const buf = this.last;
    const x = this.lastX;
    if (buf === undefined || x === undefined || dy.rows !== buf.y.rows) {
      throw new Error(`bug: Dense ${this.name}: backward without a matching forward`);
    }
    this.activation.backward(buf.z, buf.y, dy, buf.dz);
    gemmTN(buf.dz, x, this.weightGrad); // dW = dZᵀ·X
    columnSums(buf.dz, this.biasGrad); // db = Σ_rows dZ
    if (needInputGrad) gemmNN(buf.dz, this.weights, buf.dx); // dX = dZ·W
    return buf.dx;
  }
}

export interface DenseConfig {
  readonly units: number;
  readonly activation: ComponentConfig;
  /** Own initial weights; the model's `initializer` when absent. */
  readonly initializer?: ComponentConfig;
  readonly bias: BiasInit;
}

/** `layer/dense`: a fully connected layer on a flat input. */
export const densePlugin: ComponentPlugin<'layer', DenseConfig> = defineComponent<'layer', DenseConfig>({
  kind: 'layer',
  name: 'dense',
  version: '0.1.0',
  description: 'Fully connected layer: y = activation(x W^T + b) on a flat input.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['units'],
    properties: {
      units: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Number of outputs.' },
      activation: slot('activation', { type: 'linear' }, 'Activation applied to x W^T + b.'),
      initializer: slot('initializer', undefined, "Initial weights (the model's initializer when absent)."),
      bias: { enum: ['zeros', 'uniform'], default: 'zeros', description: 'Initial bias: zeros, or uniform in +-1/sqrt(fan_in) (PyTorch).' },
    },
  },
  create(config: DenseConfig, ctx): LayerBlueprint {
    const activation = ctx.create('activation', config.activation ?? { type: 'linear' });
    const own = config.initializer !== undefined ? ctx.create('initializer', config.initializer) : undefined;
    const bias = config.bias ?? 'zeros';
    return {
      outputShape: (input) => (input.length === 1 ? [config.units] : `a dense layer takes a flat input; put { type: flatten } before it`),
      build: (b) =>
        new Dense({
          name: b.name,
          inputSize: b.inputShape[0]!,
          outputSize: config.units,
          activation,
          initializer: own ?? b.initializer,
          rng: b.weights.fork(b.name),
          biasInit: bias,
          ...(b.precision === 'float32' ? { precision: 'float32' as const } : {}),
        }),
      float32: true,
      // z, y, dz, dx and the arena copy of x per item
      cost: (input) => ({ params: input[0]! * config.units + config.units, perItem: 4 * config.units + input[0]! }),
      mirror(input, mirrored): LayerConfig[] {
        const back: Record<string, unknown> = { type: 'dense', units: input[0]!, activation: mirrored };
        if (config.initializer !== undefined) back.initializer = config.initializer;
        if (bias !== 'zeros') back.bias = bias;
        return [back as unknown as LayerConfig];
      },
    };
  },
});
