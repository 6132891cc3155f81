import { describe, expect, it } from 'vitest';
import { Matrix, RowCache, checkLayerGradients, compileRegistry, createComponentContext, createRng, type ComponentPlugin, type Layer, type LayerBlueprint, type Loss, type Rng } from '@sia/core';
import { layersPlugins } from '@sia/layers';
import { runGradcheck, SetupError, type CheckSetup } from './check.js';
import { resolveComponent } from './resolve.js';

/** A loss whose gradient is half the right one: relative error exactly 0.5 everywhere. */
const halfMse: ComponentPlugin = Object.freeze({
  kind: 'loss', name: 'test:half-mse', version: '0', description: '', schema: { type: 'object', additionalProperties: false, properties: {} },
  create: (): Loss => ({
    name: 'test:half-mse',
    value: (p, t) => { let s = 0; for (let i = 0; i < p.data.length; i++) s += (p.data[i]! - t.data[i]!) ** 2; return s; },
    gradient: (p, t, g) => { for (let i = 0; i < p.data.length; i++) g.data[i] = p.data[i]! - t.data[i]!; },
  }),
});

/** y = w ∘ x + b per value, whose backward gets the bias gradient wrong (twice the right one). */
class ScaleLayer implements Layer {
  readonly params;
  readonly weight: Float64Array; readonly bias: Float64Array;
  readonly wGrad: Float64Array; readonly bGrad: Float64Array;
  private x: Matrix | undefined;
  private readonly cache: RowCache<{ y: Matrix; dx: Matrix }>;
  constructor(readonly inputSize: number, rng: Rng) {
    this.outputSize = inputSize;
    this.weight = Float64Array.from({ length: inputSize }, () => rng.uniform() + 0.5);
    this.bias = new Float64Array(inputSize);
    this.wGrad = new Float64Array(inputSize); this.bGrad = new Float64Array(inputSize);
    this.params = [{ name: 'scale.w', value: this.weight, grad: this.wGrad }, { name: 'scale.b', value: this.bias, grad: this.bGrad }];
    this.cache = new RowCache((rows) => ({ y: new Matrix(rows, inputSize), dx: new Matrix(rows, inputSize) }));
  }
  readonly outputSize: number;
  forward(x: Matrix): Matrix {
    this.x = x;
    const { y } = this.cache.get(x.rows);
    for (let i = 0; i < x.data.length; i++) y.data[i] = this.weight[i % this.inputSize]! * x.data[i]! + this.bias[i % this.inputSize]!;
    return y;
  }
  backward(dy: Matrix): Matrix {
    const x = this.x!, { dx } = this.cache.get(x.rows), n = this.inputSize;
    this.wGrad.fill(0); this.bGrad.fill(0);
    for (let i = 0; i < dy.data.length; i++) {
      this.wGrad[i % n]! += dy.data[i]! * x.data[i]!;
      this.bGrad[i % n]! += 2 * dy.data[i]!; // planted: should be dy
      dx.data[i] = dy.data[i]! * this.weight[i % n]!;
    }
    return dx;
  }
}
const scalePlugin: ComponentPlugin = Object.freeze({
  kind: 'layer', name: 'test:scale', version: '0', description: '', schema: { type: 'object', additionalProperties: false, properties: {} },
  create: (): LayerBlueprint => ({
    outputShape: (input) => (input.length === 1 ? input : 'test:scale takes a flat input'),
    build: (b) => new ScaleLayer(b.inputShape[0]!, b.weights.fork(b.name)),
  }),
});

/** y = x ∘ (1 + ε), ε ~ N(0, 1) drawn from b.noise in training: checkable only when every forward draws alike. */
class NoiseLayer implements Layer {
  readonly params = [];
  readonly outputSize: number;
  private factor = new Float64Array(0);
  constructor(readonly inputSize: number, private readonly noise: Rng) { this.outputSize = inputSize; }
  forward(x: Matrix, training = false): Matrix {
    if (!training) return x;
    const y = new Matrix(x.rows, x.cols);
    this.factor = new Float64Array(x.data.length);
    for (let i = 0; i < x.data.length; i++) {
      this.factor[i] = 1 + this.noise.normal();
      y.data[i] = x.data[i]! * this.factor[i]!;
    }
    return y;
  }
  backward(dy: Matrix): Matrix {
    const dx = new Matrix(dy.rows, dy.cols);
    for (let i = 0; i < dy.data.length; i++) dx.data[i] = dy.data[i]! * this.factor[i]!;
    return dx;
  }
}
const noisyPlugin: ComponentPlugin = Object.freeze({
  kind: 'layer', name: 'test:noisy', version: '0', description: '', schema: { type: 'object', additionalProperties: false, properties: {} },
  create: (): LayerBlueprint => ({ outputShape: (input) => input, build: (b) => new NoiseLayer(b.inputShape.reduce((a, d) => a * d, 1), b.noise) }),
});

const registry = compileRegistry([...layersPlugins, halfMse, scalePlugin, noisyPlugin])._unsafeUnwrap();
const resolve = (kind: 'activation' | 'loss' | 'layer', name: string, options: Record<string, unknown> = {}) => resolveComponent(registry, kind, name, options)._unsafeUnwrap();
const setup = (over: Partial<CheckSetup> = {}): CheckSetup => ({ input: [6], batch: 3, seed: 1, training: true, ...over });

describe('runGradcheck', () => {
  it('passes the built-in activations and losses, checking every entry of a batch', () => {
    for (const [kind, name] of [['activation', 'tanh'], ['activation', 'relu'], ['activation', 'logistic'], ['activation', 'linear'], ['loss', 'mse'], ['loss', 'bce']] as const) {
      const out = runGradcheck(resolve(kind, name), setup());
      expect(out.tensors).toEqual([expect.objectContaining({ entries: 18, itemSize: 6 })]);
      expect(out.result.maxRelativeError, name).toBeLessThan(1e-5);
    }
  });

  it('checks every parameter and the input of a layer', () => {
    const out = runGradcheck(resolve('layer', 'dense', { units: 4, activation: { type: 'tanh' } }), setup());
    expect(out.tensors.map((t) => [t.name, t.entries])).toEqual([['layer.weight', 24], ['layer.bias', 4], ['input', 18]]);
    expect(out.outputShape).toEqual([4]);
    expect(out.result.maxRelativeError).toBeLessThan(1e-6);
  });

  it('catches a loss gradient off by a factor and a wrong bias gradient, naming the tensor', () => {
    expect(runGradcheck(resolve('loss', 'test:half-mse'), setup()).result.maxRelativeError).toBeCloseTo(0.5, 5);
    const out = runGradcheck(resolve('layer', 'test:scale'), setup());
    const by = Object.fromEntries(out.tensors.map((t) => [t.name, t.maxRelativeError]));
    expect(by['scale.w']).toBeLessThan(1e-8);
    expect(by.input).toBeLessThan(1e-8);
    expect(by['scale.b']).toBeCloseTo(0.5, 5); // analytic = 2 · numeric
    expect(out.result.worst.tensor).toBe('scale.b');
  });

  it('replays the noise stream on every forward, so a layer that draws in training can be checked', () => {
    const component = resolve('layer', 'test:noisy');
    expect(runGradcheck(component, setup()).result.maxRelativeError).toBeLessThan(1e-8);
    // Without the replay the two forwards of a difference draw different noise.
    const layer = (createComponentContext(registry).create('layer', component.config) as LayerBlueprint).build({
      name: 'n', inputShape: [6], weights: createRng(1), noise: createRng(1, 'noise'), initializer: { name: 'none', init: () => {} },
    });
    const x = new Matrix(3, 6);
    for (let i = 0; i < x.data.length; i++) x.data[i] = (i % 5) / 5 - 0.4;
    expect(checkLayerGradients(layer, x, { training: true }).maxRelativeError).toBeGreaterThan(0.1);
    // Dropout draws its masks the same way.
    expect(runGradcheck(resolve('layer', 'dropout', { rate: 0.3 }), setup()).result.maxRelativeError).toBeLessThan(1e-8);
  });

  it('draws its points from the seed: the same seed gives the same check, another seed other points', () => {
    const component = resolve('layer', 'dense', { units: 3, activation: { type: 'logistic' } });
    const a = runGradcheck(component, setup()).result;
    expect(runGradcheck(component, setup()).result).toEqual(a);
    expect(runGradcheck(component, setup({ seed: 2 })).result.maxRelativeError).not.toBe(a.maxRelativeError);
  });

  it('checks at most maxPerTensor entries of each tensor', () => {
    const out = runGradcheck(resolve('layer', 'dense', { units: 4 }), setup({ maxPerTensor: 5 }));
    expect(out.tensors.map((t) => t.entries)).toEqual([5, 4, 5]);
    expect(out.result.checked).toBe(14);
  });

  it('refuses an input shape the layer refuses, with its sentence', () => {
    expect(() => runGradcheck(resolve('layer', 'conv2d', { filters: 2, kernel: 3 }), setup())).toThrow(SetupError);
    expect(() => runGradcheck(resolve('layer', 'conv2d', { filters: 2, kernel: 3 }), setup())).toThrow(/height x width x channels/);
    const conv = runGradcheck(resolve('layer', 'conv2d', { filters: 2, kernel: 3 }), setup({ input: [6, 6, 1] }));
    expect(conv.outputShape).toEqual([4, 4, 2]);
    expect(conv.result.maxRelativeError).toBeLessThan(1e-6);
  });
});
