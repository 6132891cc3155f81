import {
  Matrix,
  RowCache,
  arenaMatrix,
  columnSums,
  defineComponent,
  fillRows,
  gemmNN,
  gemmNT,
  gemmTN,
  slot,
  type Activation,
  type AnyMatrix,
  type ComponentConfig,
  type ComponentPlugin,
  type FloatArray,
  type Layer,
  type LayerBlueprint,
  type LayerConfig,
  type Param,
  type Precision,
  type Shape,
} from '@sia/core';
import { col2im, im2col, patchSize, type ConvGeometry } from './im2col.js';
import { allocVector, precisionOf, type PrecisionOf } from './precision.js';
import {
  BIAS_SCHEMA,
  FILTERS_SCHEMA,
  KERNEL_SCHEMA,
  PADDING_SCHEMA,
  STRIDE_SCHEMA,
  checkSizes,
  imageShape,
  initWeights,
  pair,
  pairSchema,
  type BiasInit,
  type WeightOptions,
  type Pair,
} from './layer-options.js';

/** Output length of a transposed convolution along one axis: (n − 1)·s − 2p + k + outputPadding. */
export function transposeOutputSize(n: number, kernel: number, stride: number, padding: number, outputPadding: number): number {
  return (n - 1) * stride - 2 * padding + kernel + outputPadding;
}

/** A conv2d-transpose layer's geometry and activation, and how its weights start. */
export interface Conv2dTransposeOptions<D extends FloatArray = Float64Array> extends WeightOptions {
  /** `[height, width, channels]` of one input image. */
  readonly inputShape: Shape;
  readonly filters: number;
  readonly kernel: Pair;
  readonly stride?: number;
  readonly padding?: number;
  /** Extra rows and columns at the bottom and right of the output, each < stride. */
  readonly outputPadding?: Pair;
  readonly activation: Activation;
  /** float64 (the default) or float32: the type of the weights, gradients and every buffer. */
  readonly precision?: PrecisionOf<D>;
}

interface TransposeBuffers {
  readonly x: AnyMatrix; // arena copy of the input as (rows·ih·iw) × C
  readonly cols: AnyMatrix; // X·W: (rows·ih·iw) × K
  readonly z: AnyMatrix; // rows × outputSize
  readonly zPix: AnyMatrix; // z as (rows·oh·ow) × filters
  readonly y: AnyMatrix;
  readonly dz: AnyMatrix;
  readonly dzPix: AnyMatrix;
  readonly dcols: AnyMatrix; // im2col(dZ): (rows·ih·iw) × K
  readonly dx: AnyMatrix; // rows × inputSize
  readonly dxPix: AnyMatrix; // dx as (rows·ih·iw) × C
}

/**
 * A transposed 2-D convolution ("deconvolution"): the adjoint of a conv2d of the same kernel,
 * stride and padding, mapping its output size back onto its input size. With K = kh·kw·filters,
 * and `g` the geometry of the convolution from the OUTPUT (oh × ow × filters) to the input:
 *
 *   forward   cols = X·W,  Z = col2im_g(cols) + b,  Y = act(Z)
 *   backward  dZ = act'(Z) ∘ dY,  dcols = im2col_g(dZ),  dW = Xᵀ·dcols,  db = Σ_pixels dZ,
 *             dX = dcols·Wᵀ
 *
 * so every input pixel scatters a kh × kw × filters patch, weighted by its channels, onto the
 * output at stride s. W is C × K (the weight tensor `[C, kh, kw, filters]`, as PyTorch's
 * ConvTranspose2d with channels last). An initializer fills that C × K matrix, so its fan_in is
 * K = kh·kw·filters (PyTorch's fan_in for this layer) and its fan_out C. Output size per axis:
 * (i − 1)·s − 2p + k + outputPadding. `backward` OVERWRITES the grads; buffers as in Conv2d.
 *
 * With `precision: 'float32'` all of them are Float32Arrays and the products are the float32
 * ones; the copy of the input rounds one of the other precision (a float64 dataset batch) to
 * float32, and col2im's sums are float32 additions (see `im2col.ts`).
 */
export class Conv2dTranspose<D extends FloatArray = Float64Array> implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly outputShape: Shape;
  /** The convolution this layer is the adjoint of: from the output image to the input image. */
  readonly geometry: ConvGeometry;
  readonly filters: number;
  readonly activation: Activation;
  readonly name: string;
  /** W, C × (kh·kw·filters). */
  readonly weights: Matrix<D>;
  readonly bias: D;
  readonly weightGrad: Matrix<D>;
  readonly biasGrad: D;
  readonly params: readonly Param[];
  readonly precision: Precision;

  private readonly cache: RowCache<TransposeBuffers>;
  private last: TransposeBuffers | undefined;

  constructor(options: Conv2dTransposeOptions<D>) {
    const [h, w, c] = options.inputShape;
    const [kh, kw] = options.kernel;
    const [opH, opW] = options.outputPadding ?? [0, 0];
    const stride = options.stride ?? 1, padding = options.padding ?? 0, filters = options.filters;
    this.name = options.name ?? 'conv2d-transpose';
    const what = `Conv2dTranspose ${this.name}`;
    if (options.inputShape.length !== 3) throw new RangeError(`${what}: the input must be height x width x channels`);
    checkSizes(what, { height: h!, width: w!, channels: c!, filters, kh, kw, stride, padding, opH, opW }, ['padding', 'opH', 'opW']);
    if (opH >= stride || opW >= stride) throw new RangeError(`${what}: outputPadding (${opH}, ${opW}) must be smaller than the stride ${stride}`);
    const outH = transposeOutputSize(h!, kh, stride, padding, opH), outW = transposeOutputSize(w!, kw, stride, padding, opW);
    if (outH < 1 || outW < 1) throw new RangeError(`${what}: padding ${padding} leaves no output for a ${h}x${w} input`);
    this.geometry = { inH: outH, inW: outW, channels: filters, kh, kw, stride, padding, outH: h!, outW: w! };
    this.filters = filters;
    this.activation = options.activation;
    this.inputSize = h! * w! * c!;
    this.outputShape = [outH, outW, filters];
    this.outputSize = outH * outW * filters;

    const K = patchSize(this.geometry);
    const precision = (this.precision = precisionOf(options.precision));
    const m = (r: number, cols: number): AnyMatrix => arenaMatrix(r, cols, precision);
    this.weights = m(c!, K) as Matrix<D>;
    this.bias = allocVector(filters, precision) as D;
    this.weightGrad = m(c!, K) as Matrix<D>;
    this.biasGrad = allocVector(filters, precision) as D;
    initWeights(this.weights, this.bias, options, what);
    this.params = [
      { name: `${this.name}.weight`, value: this.weights.data, grad: this.weightGrad.data, shape: [c!, kh, kw, filters] },
      { name: `${this.name}.bias`, value: this.bias, grad: this.biasGrad, shape: [filters] },
    ];

    const inPix = h! * w!, outPix = outH * outW;
    this.cache = new RowCache((rows) => {
      const z = m(rows, this.outputSize), dz = m(rows, this.outputSize), dx = m(rows, this.inputSize);
      return {
        x: m(rows * inPix, c!),
        cols: m(rows * inPix, K),
        z,
        zPix: new Matrix(rows * outPix, filters, z.data),
        y: m(rows, this.outputSize),
        dz,
        dzPix: new Matrix(rows * outPix, filters, dz.data),
        dcols: m(rows * inPix, K),
        dx,
        dxPix: new Matrix(rows * inPix, c!, dx.data),
      };
    });
  }

  /** Y = act(col2im(X·W) + b). Returns an internal buffer, valid until the next forward with as many rows. */
  forward(x: AnyMatrix, _training = false): AnyMatrix {
    const buf = this.cache.get(x.rows);
    // The input is read as (rows·ih·iw) × C: copied into a buffer of that shape (in the arena, so
    // the products below run in place), which backward's dW = Xᵀ·dcols reads again.
    buf.x.data.set(x.data);
    gemmNN(buf.x, this.weights, buf.cols); // cols = X·W
    fillRows(buf.zPix, this.bias); // b, then the scattered patches added on top
    col2im(buf.cols.data, x.rows, this.geometry, buf.z.data);
    this.activation.forward(buf.z, buf.y);
    this.last = buf;
    return buf.y;
  }

  /** See the class comment. Returns dX (an internal buffer) unless `needInputGrad` is false. */
  backward(dy: AnyMatrix, needInputGrad = true): AnyMatrix {
    const buf = this.last;
    if (buf === undefined || dy.rows !== buf.y.rows) throw new Error(`bug: Conv2dTranspose ${this.name}: backward without a matching forward`);
    this.activation.backward(buf.z, buf.y, dy, buf.dz);
    im2col(buf.dz.data, dy.rows, this.geometry, buf.dcols.data); // the adjoint of col2im
    gemmTN(buf.x, buf.dcols, this.weightGrad); // dW = Xᵀ·dcols
    columnSums(buf.dzPix, this.biasGrad); // db = Σ over every output pixel of dZ
    if (needInputGrad) gemmNT(buf.dcols, this.weights, buf.dxPix); // dX = dcols·Wᵀ
    return buf.dx;
  }
}

export interface Conv2dTransposeConfig {
  readonly filters: number;
  readonly kernel: number | readonly [number, number];
  readonly stride?: number;
  readonly padding?: number;
  readonly outputPadding?: number | readonly [number, number];
  readonly activation: ComponentConfig;
  readonly initializer?: ComponentConfig;
  readonly bias?: BiasInit;
}

/** `layer/conv2d-transpose`: the transposed convolution, which upsamples by its stride. */
export const conv2dTransposePlugin: ComponentPlugin<'layer', Conv2dTransposeConfig> = defineComponent<'layer', Conv2dTransposeConfig>({
  kind: 'layer',
  name: 'conv2d-transpose',
  version: '0.1.0',
  description: 'Transposed 2-D convolution (the adjoint of conv2d) on height x width x channels images: upsamples by its stride.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['filters', 'kernel'],
    properties: {
      filters: FILTERS_SCHEMA,
      kernel: KERNEL_SCHEMA,
      stride: STRIDE_SCHEMA,
      padding: { ...PADDING_SCHEMA, description: 'Rows and columns cropped from each side of the output (the padding of the conv2d it undoes).' },
      outputPadding: pairSchema(0, 63, 'Extra rows and columns at the bottom and right of the output, each smaller than the stride: one integer or [height, width].', 0),
      activation: slot('activation', { type: 'linear' }, 'Activation applied to the output.'),
      initializer: slot('initializer', undefined, "Initial weights (the model's initializer when absent); fan_in = kh*kw*filters."),
      bias: BIAS_SCHEMA,
    },
  },
  create(config: Conv2dTransposeConfig, ctx): LayerBlueprint {
    const activation = ctx.create('activation', config.activation ?? { type: 'linear' });
    const own = config.initializer !== undefined ? ctx.create('initializer', config.initializer) : undefined;
    const kernel = pair(config.kernel);
    const outputPadding = pair(config.outputPadding ?? 0);
    const stride = config.stride ?? 1, padding = config.padding ?? 0, bias = config.bias ?? 'zeros';
    return {
      outputShape(input) {
        const img = imageShape(input, 'conv2d-transpose');
        if (typeof img === 'string') return img;
        if (outputPadding[0] >= stride || outputPadding[1] >= stride) {
          return `outputPadding (${outputPadding.join(', ')}) must be smaller than the stride (${stride})`;
        }
        const h = transposeOutputSize(img[0], kernel[0], stride, padding, outputPadding[0]);
        const w = transposeOutputSize(img[1], kernel[1], stride, padding, outputPadding[1]);
        if (h < 1 || w < 1) return `padding ${padding} crops the whole ${h + 2 * padding}x${w + 2 * padding} output of a ${kernel[0]}x${kernel[1]} kernel away`;
        return [h, w, config.filters];
      },
      // the input copy, X·W and its gradient, z, y, dz, dx per item
      cost(input) {
        const inPix = input[0]! * input[1]!, K = kernel[0] * kernel[1] * config.filters;
        const out = transposeOutputSize(input[0]!, kernel[0], stride, padding, outputPadding[0]) * transposeOutputSize(input[1]!, kernel[1], stride, padding, outputPadding[1]) * config.filters;
        return { params: input[2]! * K + config.filters, perItem: 2 * inPix * K + 2 * inPix * input[2]! + 4 * out };
      },
      build: (b) =>
        new Conv2dTranspose<FloatArray>({
          name: b.name,
          inputShape: b.inputShape,
          filters: config.filters,
          kernel,
          stride,
          padding,
          outputPadding,
          activation,
          initializer: own ?? b.initializer,
          rng: b.weights.fork(b.name),
          biasInit: bias,
          ...(b.precision === 'float32' ? { precision: 'float32' as const } : {}),
        }),
      float32: true,
      // A conv2d of the same geometry maps the output back: ⌊((i − 1)·s + op)/s⌋ + 1 = i as op < s.
      mirror(input, mirrored): LayerConfig[] {
        const back: Record<string, unknown> = { type: 'conv2d', filters: input[2]!, kernel: config.kernel, stride, padding, activation: mirrored };
        if (config.initializer !== undefined) back.initializer = config.initializer;
        if (bias !== 'zeros') back.bias = bias;
        return [back as unknown as LayerConfig];
      },
    };
  },
});
