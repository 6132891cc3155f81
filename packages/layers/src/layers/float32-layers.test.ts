import { describe, it, expect, afterEach } from 'vitest';
import { Matrix, Model, compileRegistry, createComponentContext, createRng, decodeWeights, encodeModel, parseModelDescription, planModel, reviveModel, setWasmEnabled } from '@sia/core';
import type { AnyMatrix, FloatArray, Layer, LayerBlueprint, LayerConfig, ModelComponents, Precision, Problem, Shape } from '@sia/core';
import { BatchNorm } from './batch-norm.js';
import { Conv2d } from './conv2d.js';
import { Conv2dTranspose } from './conv2d-transpose.js';
import { Dropout } from './dropout.js';
import { Relu } from '../activations/relu.js';
import { Tanh } from '../activations/tanh.js';
import { HeInitializer } from '../initializers/he.js';
import { layersPlugins } from '../plugins.js';

// The float32 versions of conv2d, conv2d-transpose, batch-norm and dropout against their float64
// versions built from the same (float32) weights, on odd shapes: the same computation rounded
// to float32 at every operation, so outputs and gradients agree to below 1e-6 of their largest
// magnitude (measured worst in the comments); a wrong float32 formula is off by far more.
const TOLERANCE = 1e-5;

/** Float32-representable values in [-1, 1) (so both precisions start from the same numbers). */
function random(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'x');
  return new Matrix(rows, cols, Float64Array.from({ length: rows * cols }, () => Math.fround(rng.uniform() * 2 - 1)));
}

/** max |a − b| over max |b|: the error relative to the scale of the result. */
function scaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Every result of forward and backward, and the layer's tensors after them. */
interface Run {
  readonly y: Float32Array | Float64Array;
  readonly dx: Float32Array | Float64Array;
  readonly tensors: ReadonlyArray<Float32Array | Float64Array>;
}

function run(layer: Layer, x: AnyMatrix, dy: AnyMatrix, training: boolean): Run {
  const y = layer.forward(x, training).data.slice();
  const dx = layer.backward(dy, true).data.slice();
  const tensors = [...layer.params.flatMap((p) => [p.value.slice(), p.grad.slice()]), ...(layer.state ?? []).map((s) => s.value.slice())];
  return { y, dx, tensors };
}

/** Runs both layers on the same batches (three steps, the float64 batch given to both) and returns the worst scaled error. */
function agreement(f32: Layer, f64: Layer, rows: number, training: boolean): number {
  let worst = 0;
  for (let step = 0; step < 3; step++) {
    const x = random(rows, f64.inputSize, 10 + step), dy = random(rows, f64.outputSize, 20 + step);
    const a = run(f32, x, dy, training), b = run(f64, x, dy, training);
    expect(a.y).toBeInstanceOf(Float32Array);
    expect(a.dx).toBeInstanceOf(Float32Array);
    expect(b.y).toBeInstanceOf(Float64Array);
    worst = Math.max(worst, scaledError(a.y, b.y), scaledError(a.dx, b.dx));
    a.tensors.forEach((t, i) => {
      expect(t).toBeInstanceOf(Float32Array);
      worst = Math.max(worst, scaledError(t, b.tensors[i]!));
    });
  }
  return worst;
}

const he = new HeInitializer();

/** [input shape, filters, kernel, stride, padding]: odd sizes, strides that drop rows, uneven kernels. */
const CONVS: Array<[Shape, number, [number, number], number, number]> = [
  [[7, 5, 3], 5, [3, 3], 2, 1],
  [[6, 9, 2], 3, [2, 3], 1, 0],
  [[5, 5, 1], 7, [4, 4], 2, 1],
];

function conv(shape: Shape, filters: number, kernel: [number, number], stride: number, padding: number, precision: Precision, from?: Conv2d<FloatArray>): Conv2d<FloatArray> {
  const own = from === undefined ? { initializer: he, rng: createRng(4, 'conv'), biasInit: 'uniform' as const } : { weights: Float64Array.from(from.weights.data), bias: Float64Array.from(from.bias) };
  return new Conv2d<FloatArray>({ inputShape: shape, filters, kernel, stride, padding, activation: new Tanh(), precision, name: 'c', ...own });
}

function transpose(shape: Shape, filters: number, kernel: [number, number], stride: number, padding: number, precision: Precision, from?: Conv2dTranspose<FloatArray>): Conv2dTranspose<FloatArray> {
  const own = from === undefined ? { initializer: he, rng: createRng(5, 'transpose'), biasInit: 'uniform' as const } : { weights: Float64Array.from(from.weights.data), bias: Float64Array.from(from.bias) };
  return new Conv2dTranspose<FloatArray>({ inputShape: shape, filters, kernel, stride, padding, outputPadding: [stride - 1, 0], activation: new Relu(0.1), precision, name: 't', ...own });
}

describe('float32 layers agree with the float64 layer of the same weights', () => {
  it('conv2d', () => {
    for (const [shape, f, k, s, p] of CONVS) {
      const a = conv(shape, f, k, s, p, 'float32');
      expect(a.precision).toBe('float32');
      // Measured worst: 5e-7.
      expect(agreement(a, conv(shape, f, k, s, p, 'float64', a), 3, true)).toBeLessThan(TOLERANCE);
    }
  });

  it('conv2d-transpose', () => {
    for (const [shape, f, k, s, p] of CONVS) {
      const a = transpose(shape, f, k, s, p, 'float32');
      // Measured worst: 7e-7.
      expect(agreement(a, transpose(shape, f, k, s, p, 'float64', a), 3, true)).toBeLessThan(TOLERANCE);
    }
  });

  it('batch-norm, in training (batch statistics, running averages) and at evaluation', () => {
    for (const [shape, rows] of [[[7], 5], [[3, 5, 3], 3], [[2, 3, 1], 1]] as Array<[Shape, number]>) {
      const a = new BatchNorm(shape, 0.1, 1e-5, 'bn', 'float32'), b = new BatchNorm(shape, 0.1, 1e-5, 'bn');
      const gamma = Array.from({ length: a.channels }, (_, i) => Math.fround(0.5 + i * 0.3));
      a.gamma.set(gamma);
      b.gamma.set(gamma);
      // Measured worst: 5e-7 (training), 3e-7 (evaluation).
      expect(agreement(a, b, rows, true)).toBeLessThan(TOLERANCE);
      expect(agreement(a, b, rows, false)).toBeLessThan(TOLERANCE);
    }
  });

  it('dropout: the same values dropped, the kept ones scaled in float32', () => {
    for (const [size, rate, rows] of [[13, 0.3, 5], [7, 0.5, 1], [31, 0.1, 3]] as const) {
      const a = new Dropout(size, rate, createRng(6, 'noise'), 'float32'), b = new Dropout(size, rate, createRng(6, 'noise'));
      // Measured worst: 1e-7 (one rounding of each product).
      expect(agreement(a, b, rows, true)).toBeLessThan(TOLERANCE);
      const x = random(rows, size, 1);
      const y32 = a.forward(x, true).data, y64 = b.forward(x, true).data;
      for (let i = 0; i < y64.length; i++) expect(y32[i] === 0).toBe(y64[i] === 0);
    }
  });
});

describe('a float32 layer rounds a float64 input as the float32 copy of it', () => {
  // The first layer of a float32 network gets the dataset's float64 batch: it must compute on
  // that batch rounded to float32, the same bits as if it had been given the float32 batch.
  const layers: Array<[string, () => Layer]> = [
    ['conv2d', () => conv([7, 5, 3], 5, [3, 3], 2, 1, 'float32')],
    ['conv2d-transpose', () => transpose([5, 4, 3], 2, [3, 3], 2, 1, 'float32')],
    ['batch-norm', () => new BatchNorm([3, 5, 3], 0.1, 1e-5, 'bn', 'float32')],
    ['dropout', () => new Dropout(45, 0.3, createRng(2, 'noise'), 'float32')],
  ];
  for (const [name, make] of layers) {
    it(name, () => {
      const a = make(), b = make();
      const rng = createRng(3, 'wide');
      const x = new Matrix(4, a.inputSize, Float64Array.from({ length: 4 * a.inputSize }, () => rng.uniform() * 2 - 1)); // not float32 values
      const dy = random(4, a.outputSize, 4).to('float32'); // a float32 network's dY is float32
      const ra = run(a, x, dy, true), rb = run(b, x.to('float32'), dy, true);
      expect(Array.from(ra.y)).toEqual(Array.from(rb.y));
      expect(Array.from(ra.dx)).toEqual(Array.from(rb.dx));
      ra.tensors.forEach((t, i) => expect(Array.from(t)).toEqual(Array.from(rb.tensors[i]!)));
    });
  }
});

describe('float32 layers built from a seed', () => {
  const ctx = createComponentContext(compileRegistry(layersPlugins)._unsafeUnwrap());
  /** [config, input shape, whether the seed matters (initial weights, or the noise stream)]. */
  const CONFIGS: Array<[Record<string, unknown>, Shape, boolean]> = [
    [{ type: 'conv2d', filters: 5, kernel: [3, 2], stride: 2, padding: 1, activation: { type: 'relu' }, bias: 'uniform' }, [7, 6, 3], true],
    [{ type: 'conv2d-transpose', filters: 3, kernel: 3, stride: 2, padding: 1, outputPadding: 1, activation: { type: 'tanh' }, bias: 'uniform' }, [4, 3, 5], true],
    [{ type: 'batch-norm', momentum: 0.2 }, [3, 3, 4], false],
    [{ type: 'dropout', rate: 0.3 }, [17], true],
  ];
  const build = (config: Record<string, unknown>, shape: Shape, seed: number): Layer => {
    const bp = ctx.create('layer', config as never) as LayerBlueprint;
    expect(bp.float32).toBe(true);
    return bp.build({ name: 'encoder.0', inputShape: shape, weights: createRng(seed), noise: createRng(seed, 'noise'), initializer: he, precision: 'float32' });
  };
  /** Three training steps of forward and backward, and an evaluation forward: every bit of it. */
  const trace = (layer: Layer): number[] => {
    const out: number[] = [];
    for (const rows of [4, 4, 3]) {
      const r = run(layer, random(rows, layer.inputSize, rows), random(rows, layer.outputSize, rows + 1), true);
      out.push(...r.y, ...r.dx, ...r.tensors.flatMap((t) => Array.from(t)));
    }
    out.push(...layer.forward(random(2, layer.inputSize, 9), false).data);
    return out;
  };

  afterEach(() => setWasmEnabled(true));

  for (const [config, shape, seeded] of CONFIGS) {
    it(`${String(config.type)}: the same seed gives the same bits, on the WebAssembly route and the plain one`, () => {
      const layer = build(config, shape, 1);
      expect(layer.params.every((p) => p.value instanceof Float32Array && p.grad instanceof Float32Array)).toBe(true);
      expect((layer.state ?? []).every((s) => s.value instanceof Float32Array)).toBe(true);
      const a = trace(layer);
      expect(trace(build(config, shape, 1))).toEqual(a); // toEqual compares numbers with Object.is
      setWasmEnabled(false);
      expect(trace(build(config, shape, 1))).toEqual(a);
      setWasmEnabled(true);
      if (seeded) expect(trace(build(config, shape, 2))).not.toEqual(a);
    });
  }

  it('allocate nothing per call: forward and backward return the same buffers for a batch size', () => {
    for (const [config, shape] of CONFIGS) {
      const layer = build(config, shape, 1);
      const x = random(4, layer.inputSize, 1), dy = random(4, layer.outputSize, 2);
      const y = layer.forward(x, true), dx = layer.backward(dy, true);
      expect(layer.forward(x, true)).toBe(y);
      expect(layer.backward(dy, true)).toBe(dx);
    }
  });
});

describe('a float32 model of these layers', () => {
  const plain: Problem = { code: (latent) => latent, inputs: 'clean' };
  const registry = createComponentContext(compileRegistry(layersPlugins)._unsafeUnwrap());
  const components = { create: (kind: string, config: LayerConfig) => (kind === 'problem' ? plain : registry.create('layer', config)) } as ModelComponents;

  it('is saved and revived with its float32 weights and running statistics, to the same bits', () => {
    const encoder = [
      { type: 'conv2d', filters: 3, kernel: 3, stride: 2, padding: 1, activation: { type: 'relu' } },
      { type: 'batch-norm' },
      { type: 'dropout', rate: 0.2 },
      { type: 'flatten' },
      { type: 'dense', units: 2 },
    ];
    const arch = { inputShape: [7, 6, 1], problem: { type: 'plain' }, encoder, decoder: 'mirror' as const, output: { type: 'logistic', beta: 1 }, precision: 'float32' as const };
    const model = Model.build(planModel(arch, components)._unsafeUnwrap(), { weights: createRng(1), noise: createRng(1, 'noise'), initializer: he });
    const x = random(3, 42, 1);
    for (let i = 0; i < 3; i++) model.forward(x, true); // moves the running statistics off 0 and 1
    const y = Array.from(model.forward(x, false).data);
    const { json, weights } = encodeModel(model);
    const back = reviveModel(parseModelDescription(json), decodeWeights(weights), components);
    expect(back.precision).toBe('float32');
    expect(back.state.every((t) => t.value instanceof Float32Array)).toBe(true);
    expect(Array.from(back.forward(x, false).data)).toEqual(y);
  });
});
