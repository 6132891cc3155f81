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
import { col2im, convGeometry, im2col, patchSize, type ConvGeometry } from './im2col.js';
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
  type BiasInit,
  type WeightOptions,
  type Pair,
} from './layer-options.js';

/** A conv2d layer's geometry and activation, and how its weights start. */
export interface Conv2dOptions<D extends FloatArray = Float64Array> extends WeightOptions {
  /** `[height, width, channels]` of one input image. */
  readonly inputShape: Shape;
  readonly filters: number;
  readonly kernel: Pair;
  readonly stride?: number;
  readonly padding?: number;
  readonly activation: Activation;
  /** float64 (the default) or float32: the type of the weights, gradients and every buffer. */
  readonly precision?: PrecisionOf<D>;
}

interface ConvBuffers {
  readonly cols: AnyMatrix; // im2col(X): (rows·outH·outW) × K
  readonly z: AnyMatrix; // pre-activation, rows × outputSize
  readonly zPix: AnyMatrix; // the same numbers as (rows·outH·outW) × filters
  readonly y: AnyMatrix;
  readonly dz: AnyMatrix;
  readonly dzPix: AnyMatrix; // dz as (rows·outH·outW) × filters
  readonly dcols: AnyMatrix; // dZ·W: (rows·outH·outW) × K
  readonly dx: AnyMatrix; // rows × inputSize
}

/**
 * A 2-D convolution on NHWC images (channels last), K = kh·kw·C values per receptive field:
 *
 *   forward   cols = im2col(X),  Z = cols·Wᵀ + b,  Y = act(Z)
 *   backward  dZ = act'(Z) ∘ dY,  dW = dZᵀ·cols,  db = Σ_pixels dZ,  dX = col2im(dZ·W)
 *
 * W is filters × K (the weight tensor `[filters, kh, kw, C]`, row-major), and Z as a
 * (rows·outH·outW) × filters matrix is exactly the NHWC output batch, so no transposition is
 * needed anywhere. `backward` OVERWRITES the grads. Buffers live in the wasm arena, one set per
 * batch size, so the three products take the SIMD route and nothing allocates after the first
 * batch of a size.
 *
 * With `precision: 'float32'` all of them are Float32Arrays and the products are the float32
 * ones; im2col stores an input of the other precision (a float64 dataset batch) rounded to
 * float32, and col2im's sums are float32 additions (see `im2col.ts`).
 */
export class Conv2d<D extends FloatArray = Float64Array> implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly outputShape: Shape;
  readonly geometry: ConvGeometry;
  readonly filters: number;
  readonly activation: Activation;
  readonly name: string;
  /** W, filters × (kh·kw·C). */
  readonly weights: Matrix<D>;
  readonly bias: D;
  readonly weightGrad: Matrix<D>;
  readonly biasGrad: D;
  readonly params: readonly Param[];
  readonly precision: Precision;

  private readonly cache: RowCache<ConvBuffers>;
  private last: ConvBuffers | undefined;

  constructor(options: Conv2dOptions<D>) {
    const [h, w, c] = options.inputShape;
    const [kh, kw] = options.kernel;
    const stride = options.stride ?? 1, padding = options.padding ?? 0, filters = options.filters;
    this.name = options.name ?? 'conv2d';
    const what = `Conv2d ${this.name}`;
    if (options.inputShape.length !== 3) throw new RangeError(`${what}: the input must be height x width x channels`);
    checkSizes(what, { height: h!, width: w!, channels: c!, filters, kh, kw, stride, padding }, ['padding']);
    const g = convGeometry(h!, w!, c!, kh, kw, stride, padding);
    if (g.outH < 1 || g.outW < 1) throw new RangeError(`${what}: a ${kh}x${kw} kernel does not fit a ${h}x${w} input padded by ${padding}`);
    this.geometry = g;
    this.filters = filters;
    this.activation = options.activation;
    this.inputSize = h! * w! * c!;
    this.outputShape = [g.outH, g.outW, filters];
    this.outputSize = g.outH * g.outW * filters;

    const K = patchSize(g);
    const precision = (this.precision = precisionOf(options.precision));
    const m = (r: number, cols: number): AnyMatrix => arenaMatrix(r, cols, precision);
    this.weights = m(filters, K) as Matrix<D>;
    this.bias = allocVector(filters, precision) as D;
    this.weightGrad = m(filters, K) as Matrix<D>;
    this.biasGrad = allocVector(filters, precision) as D;
    initWeights(this.weights, this.bias, options, what);
    this.params = [
      { name: `${this.name}.weight`, value: this.weights.data, grad: this.weightGrad.data, shape: [filters, kh, kw, c!] },
      { name: `${this.name}.bias`, value: this.bias, grad: this.biasGrad, shape: [filters] },
    ];

    const pixels = g.outH * g.outW;
    this.cache = new RowCache((rows) => {
      const z = m(rows, this.outputSize);
      const dz = m(rows, this.outputSize);
      return {
        cols: m(rows * pixels, K),
        z,
        zPix: new Matrix(rows * pixels, filters, z.data),
        y: m(rows, this.outputSize),
        dz,
        dzPix: new Matrix(rows * pixels, filters, dz.data),
        dcols: m(rows * pixels, K),
        dx: m(rows, this.inputSize),
      };
    });
  }

  /** Y = act(im2col(X)·Wᵀ + b). Returns an internal buffer, valid until the next forward with as many rows. */
  forward(x: AnyMatrix, _training = false): AnyMatrix {
    const buf = this.cache.get(x.rows);
    im2col(x.data, x.rows, this.geometry, buf.cols.data);
    fillRows(buf.zPix, this.bias); // start from b, then accumulate cols·Wᵀ on top
    gemmNT(buf.cols, this.weights, buf.zPix, true);
    this.activation.forward(buf.z, buf.y);
    this.last = buf;
    return buf.y;
  }

  /** See the class comment. Returns dX (an internal buffer) unless `needInputGrad` is false. */
  backward(dy: AnyMatrix, needInputGrad = true): AnyMatrix {
    const buf = this.last;
    if (buf === undefined || dy.rows !== buf.y.rows) throw new Error(`bug: Conv2d ${this.name}: backward without a matching forward`);
    this.activation.backward(buf.z, buf.y, dy, buf.dz);
    gemmTN(buf.dzPix, buf.cols, this.weightGrad); // dW = dZᵀ·cols
    columnSums(buf.dzPix, this.biasGrad); // db = Σ over every output pixel of dZ
    if (needInputGrad) {
      gemmNN(buf.dzPix, this.weights, buf.dcols); // d(cols) = dZ·W
      buf.dx.data.fill(0);
      col2im(buf.dcols.data, dy.rows, this.geometry, buf.dx.data); // dX = im2colᵀ(d(cols))
    }
    return buf.dx;
  }
}

export interface Conv2dConfig {
  readonly filters: number;
  readonly kernel: number | readonly [number, number];
  readonly stride?: number;
  readonly padding?: number;
  readonly activation: ComponentConfig;
  readonly initializer?: ComponentConfig;
  readonly bias?: BiasInit;
}

/** `layer/conv2d`: a 2-D convolution on height x width x channels images. */
export const conv2dPlugin: ComponentPlugin<'layer', Conv2dConfig> = defineComponent<'layer', Conv2dConfig>({
  kind: 'layer',
  name: 'conv2d',
  version: '0.1.0',
  description: '2-D convolution on height x width x channels images (channels last): y = activation(conv(x, W) + b).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['filters', 'kernel'],
    properties: {
      filters: FILTERS_SCHEMA,
      kernel: KERNEL_SCHEMA,
      stride: STRIDE_SCHEMA,
      padding: PADDING_SCHEMA,
      activation: slot('activation', { type: 'linear' }, 'Activation applied to conv(x, W) + b.'),
      initializer: slot('initializer', undefined, "Initial weights (the model's initializer when absent); fan_in = kh*kw*channels."),
      bias: BIAS_SCHEMA,
    },
  },
  create(config: Conv2dConfig, ctx): LayerBlueprint {
    const activation = ctx.create('activation', config.activation ?? { type: 'linear' });
    const own = config.initializer !== undefined ? ctx.create('initializer', config.initializer) : undefined;
    const kernel = pair(config.kernel);
    const stride = config.stride ?? 1, padding = config.padding ?? 0, bias = config.bias ?? 'zeros';
    return {
      outputShape(input) {
        const img = imageShape(input, 'conv2d');
        if (typeof img === 'string') return img;
        const g = convGeometry(img[0], img[1], img[2], kernel[0], kernel[1], stride, padding);
        if (g.outH < 1 || g.outW < 1) {
          return `the ${kernel[0]}x${kernel[1]} kernel is larger than the ${img[0]}x${img[1]} input padded by ${padding} (${img[0] + 2 * padding}x${img[1] + 2 * padding})`;
        }
        return [g.outH, g.outW, config.filters];
      },
      // im2col and its gradient, z, y, dz, dx per item
      cost(input) {
        const g = convGeometry(input[0]!, input[1]!, input[2]!, kernel[0], kernel[1], stride, padding);
        const K = patchSize(g), pix = g.outH * g.outW, out = pix * config.filters;
        return { params: config.filters * K + config.filters, perItem: 2 * pix * K + 4 * out + input[0]! * input[1]! * input[2]! };
      },
      build: (b) =>
        new Conv2d<FloatArray>({
          name: b.name,
          inputShape: b.inputShape,
          filters: config.filters,
          kernel,
          stride,
          padding,
          activation,
          initializer: own ?? b.initializer,
          rng: b.weights.fork(b.name),
          biasInit: bias,
          ...(b.precision === 'float32' ? { precision: 'float32' as const } : {}),
        }),
      float32: true,
      // The transposed convolution of the same geometry maps outH x outW back onto h x w once the
      // rows and columns the floor in ⌊(h + 2p − k)/s⌋ dropped are put back as output padding:
      // (outH − 1)·s − 2p + k + op = h  ⇔  op = (h + 2p − k) mod s, which is < s as it must be.
      mirror(input, mirrored): LayerConfig[] {
        const g = convGeometry(input[0]!, input[1]!, input[2]!, kernel[0], kernel[1], stride, padding);
        const opH = input[0]! + 2 * padding - kernel[0] - (g.outH - 1) * stride;
        const opW = input[1]! + 2 * padding - kernel[1] - (g.outW - 1) * stride;
        const back: Record<string, unknown> = { type: 'conv2d-transpose', filters: input[2]!, kernel: config.kernel, stride, padding };
        if (opH !== 0 || opW !== 0) back.outputPadding = opH === opW ? opH : [opH, opW];
        back.activation = mirrored;
        if (config.initializer !== undefined) back.initializer = config.initializer;
        if (bias !== 'zeros') back.bias = bias;
        return [back as unknown as LayerConfig];
      },
    };
  },
});
