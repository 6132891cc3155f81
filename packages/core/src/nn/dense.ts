import { Matrix } from '../tensor/matrix.js';
import { gemmNN, gemmNT, gemmTN } from '../tensor/gemm.js';
import { columnSums, fillRows } from '../tensor/ops.js';
import type { Rng } from '../rng/rng.js';
import { RowCache } from './row-cache.js';
import { allocF64, wasmArena } from '../tensor/wasm/arena.js';
import type { Activation, Initializer, Layer, Param } from './types.js';

/** How a dense layer gets its first weights: from an initializer and a stream, or given outright. */
export interface DenseOptions {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
  /** Prefix of the parameter names: `encoder.0` gives `encoder.0.weight` and `encoder.0.bias`. */
  readonly name?: string;
  /** Fills the weights (the bias starts at 0). Needs `rng`. */
  readonly initializer?: Initializer;
  readonly rng?: Rng;
  /** Explicit weights, row-major outputSize × inputSize (copied). Wins over `initializer`. */
  readonly weights?: Float64Array;
  /** Explicit bias of length outputSize (copied); 0 when absent. */
  readonly bias?: Float64Array;
}

interface DenseBuffers {
  readonly z: Matrix; // pre-activation X·Wᵀ + b
  readonly y: Matrix; // act(z)
  readonly dz: Matrix; // d(loss)/dz
  readonly dx: Matrix; // d(loss)/dX
  readonly x: Matrix | undefined; // arena copy of an input that lives outside the arena
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
 */
export class Dense implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
  readonly name: string;
  /** W, outputSize × inputSize. */
  readonly weights: Matrix;
  readonly bias: Float64Array;
  readonly weightGrad: Matrix;
  readonly biasGrad: Float64Array;
  readonly params: readonly Param[];

  private readonly cache: RowCache<DenseBuffers>;
  private lastX: Matrix | undefined;
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
    // Parameters and buffers live in the wasm arena (plain Float64Arrays when there is none), so
    // the SIMD products and Adam's update work on them in place.
    this.weights = new Matrix(outputSize, inputSize, allocF64(outputSize * inputSize));
    this.bias = allocF64(outputSize);
    this.weightGrad = new Matrix(outputSize, inputSize, allocF64(outputSize * inputSize));
    this.biasGrad = allocF64(outputSize);

    if (options.weights) {
      if (options.weights.length !== outputSize * inputSize) {
        throw new RangeError(`Dense ${this.name}: ${options.weights.length} weights given, expected ${outputSize}x${inputSize}`);
      }
      this.weights.data.set(options.weights);
    } else if (options.initializer && options.rng) {
      options.initializer.init(this.weights, options.rng);
    } else {
      throw new Error(`Dense ${this.name}: give either weights or an initializer and an rng`);
    }
    if (options.bias) {
      if (options.bias.length !== outputSize) {
        throw new RangeError(`Dense ${this.name}: ${options.bias.length} biases given, expected ${outputSize}`);
      }
      this.bias.set(options.bias);
    }

    this.params = [
      { name: `${this.name}.weight`, value: this.weights.data, grad: this.weightGrad.data },
      { name: `${this.name}.bias`, value: this.bias, grad: this.biasGrad },
    ];
    const arena = wasmArena() !== undefined;
    const m = (r: number, c: number): Matrix => new Matrix(r, c, allocF64(r * c));
    this.cache = new RowCache((rows) => ({
      z: m(rows, outputSize),
      y: m(rows, outputSize),
      dz: m(rows, outputSize),
      dx: m(rows, inputSize),
      x: arena ? m(rows, inputSize) : undefined,
    }));
  }

  /** Y = act(X·Wᵀ + b). Returns an internal buffer, valid until the next forward with as many rows. */
  forward(x: Matrix): Matrix {
    const buf = this.cache.get(x.rows);
    // An input from outside the arena (a training batch) is copied in once, so that the
    // backward products (dW = dZᵀ·X) can run in place; the copy is batch × inputSize, small.
    if (buf.x !== undefined && !wasmArena()!.owns(x.data)) {
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
  backward(dy: Matrix, needInputGrad = true): Matrix {
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
