import { describe, it, expect } from 'vitest';
import { Matrix, checkLayerGradients, compileRegistry, createComponentContext, createRng } from '@sia/core';
import type { LayerBlueprint, Shape } from '@sia/core';
import { Conv2d } from './conv2d.js';
import { Conv2dTranspose } from './conv2d-transpose.js';
import { col2im, convGeometry, im2col } from './im2col.js';
import { Linear } from '../activations/linear.js';
import { Tanh } from '../activations/tanh.js';
import { UniformInitializer } from '../initializers/uniform.js';
import { layersPlugins } from '../plugins.js';

function random(n: number, seed: number): Float64Array {
  const rng = createRng(seed, 'x');
  return Float64Array.from({ length: n }, () => rng.uniform() * 2 - 1);
}

/** A direct convolution, NHWC, by its definition: the reference the im2col route must match. */
function directConv(x: Float64Array, rows: number, [h, w, c]: Shape, weights: Float64Array, bias: Float64Array, f: number, k: number, s: number, p: number): Float64Array {
  const oh = Math.floor((h! + 2 * p - k) / s) + 1, ow = Math.floor((w! + 2 * p - k) / s) + 1;
  const y = new Float64Array(rows * oh * ow * f);
  for (let n = 0; n < rows; n++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let o = 0; o < f; o++) {
          let z = bias[o]!;
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const iy = oy * s - p + ky, ix = ox * s - p + kx;
              if (iy < 0 || iy >= h! || ix < 0 || ix >= w!) continue;
              for (let ch = 0; ch < c!; ch++) z += x[((n * h! + iy) * w! + ix) * c! + ch]! * weights[((o * k + ky) * k + kx) * c! + ch]!;
            }
          y[((n * oh + oy) * ow + ox) * f + o] = z;
        }
  return y;
}

/** A transposed convolution by its definition: every input pixel scatters its weighted kernel. */
function directTranspose(x: Float64Array, rows: number, [h, w, c]: Shape, weights: Float64Array, bias: Float64Array, f: number, k: number, s: number, p: number, op: number): Float64Array {
  const oh = (h! - 1) * s - 2 * p + k + op, ow = (w! - 1) * s - 2 * p + k + op;
  const y = new Float64Array(rows * oh * ow * f);
  for (let i = 0; i < rows * oh * ow; i++) for (let o = 0; o < f; o++) y[i * f + o] = bias[o]!;
  for (let n = 0; n < rows; n++)
    for (let iy = 0; iy < h!; iy++)
      for (let ix = 0; ix < w!; ix++)
        for (let ch = 0; ch < c!; ch++)
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const oy = iy * s - p + ky, ox = ix * s - p + kx;
              if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
              for (let o = 0; o < f; o++) y[((n * oh + oy) * ow + ox) * f + o] += x[((n * h! + iy) * w! + ix) * c! + ch]! * weights[((ch * k + ky) * k + kx) * f + o]!;
            }
  return y;
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst).toBeLessThan(tol);
}

const init = new UniformInitializer(-0.5, 0.5);
// [input shape, filters, kernel, stride, padding]: odd sizes, strides that do not divide, padding.
const CASES: Array<[Shape, number, number, number, number]> = [
  [[5, 4, 1], 2, 3, 1, 0],
  [[6, 6, 2], 3, 3, 2, 1],
  [[7, 5, 3], 2, 2, 2, 0],
  [[4, 4, 2], 1, 4, 2, 1],
];

describe('im2col and col2im', () => {
  it('are adjoint: <im2col(x), c> = <x, col2im(c)>', () => {
    for (const [shape, , k, s, p] of CASES) {
      const g = convGeometry(shape[0]!, shape[1]!, shape[2]!, k, k, s, p);
      const rows = 2, n = rows * shape[0]! * shape[1]! * shape[2]!, m = rows * g.outH * g.outW * k * k * shape[2]!;
      const x = random(n, 1), c = random(m, 2);
      const cols = new Float64Array(m).fill(Number.NaN); // every entry must be written
      im2col(x, rows, g, cols);
      const back = new Float64Array(n);
      col2im(c, rows, g, back);
      let a = 0, b = 0;
      for (let i = 0; i < m; i++) a += cols[i]! * c[i]!;
      for (let i = 0; i < n; i++) b += x[i]! * back[i]!;
      expect(Math.abs(a - b)).toBeLessThan(1e-12);
    }
  });
});

describe('Conv2d', () => {
  it('equals the direct convolution (NHWC, weight [filters, kh, kw, c])', () => {
    for (const [shape, f, k, s, p] of CASES) {
      const layer = new Conv2d({ inputShape: shape, filters: f, kernel: [k, k], stride: s, padding: p, activation: new Linear(), initializer: init, rng: createRng(3) });
      layer.bias.set(random(f, 4));
      const rows = 3, x = new Matrix(rows, layer.inputSize, random(rows * layer.inputSize, 5));
      expectClose(layer.forward(x).data, directConv(x.data, rows, shape, layer.weights.data, layer.bias, f, k, s, p));
      expect(layer.params.map((q) => q.shape)).toEqual([[f, k, k, shape[2]], [f]]);
    }
  });

  it('passes a finite-difference check (weights, bias and input)', () => {
    for (const [shape, f, k, s, p] of CASES) {
      const layer = new Conv2d({ inputShape: shape, filters: f, kernel: [k, k], stride: s, padding: p, activation: new Tanh(1), initializer: init, rng: createRng(7), name: 'c' });
      layer.bias.set(random(f, 8));
      const r = checkLayerGradients(layer, new Matrix(2, layer.inputSize, random(2 * layer.inputSize, 9)));
      expect(r.maxRelativeError).toBeLessThan(1e-6);
      expect(Object.keys(r.perTensor)).toEqual(['c.weight', 'c.bias', 'input']);
    }
  });

  it('refuses a kernel that does not fit', () => {
    expect(() => new Conv2d({ inputShape: [3, 3, 1], filters: 1, kernel: [5, 5], activation: new Linear(), initializer: init, rng: createRng(1) })).toThrow(/does not fit/);
  });
});

describe('Conv2dTranspose', () => {
  it('equals the direct transposed convolution (weight [c, kh, kw, filters])', () => {
    for (const [shape, f, k, s, p] of CASES) {
      for (const op of s > 1 ? [0, 1] : [0]) {
        const layer = new Conv2dTranspose({ inputShape: shape, filters: f, kernel: [k, k], stride: s, padding: p, outputPadding: [op, op], activation: new Linear(), initializer: init, rng: createRng(3) });
        layer.bias.set(random(f, 4));
        const rows = 2, x = new Matrix(rows, layer.inputSize, random(rows * layer.inputSize, 5));
        expectClose(layer.forward(x).data, directTranspose(x.data, rows, shape, layer.weights.data, layer.bias, f, k, s, p, op));
        expect(layer.params[0]!.shape).toEqual([shape[2], k, k, f]);
      }
    }
  });

  it('passes a finite-difference check (weights, bias and input)', () => {
    for (const [shape, f, k, s, p] of CASES) {
      const layer = new Conv2dTranspose({ inputShape: shape, filters: f, kernel: [k, k], stride: s, padding: p, outputPadding: [s - 1, s - 1], activation: new Tanh(1), initializer: init, rng: createRng(7), name: 't' });
      layer.bias.set(random(f, 8));
      const r = checkLayerGradients(layer, new Matrix(2, layer.inputSize, random(2 * layer.inputSize, 9)));
      expect(r.maxRelativeError).toBeLessThan(1e-6);
      expect(Object.keys(r.perTensor)).toEqual(['t.weight', 't.bias', 'input']);
    }
  });

  it('refuses an output padding not smaller than the stride', () => {
    expect(() => new Conv2dTranspose({ inputShape: [3, 3, 1], filters: 1, kernel: [3, 3], stride: 2, outputPadding: [2, 2], activation: new Linear(), initializer: init, rng: createRng(1) })).toThrow(/smaller than the stride/);
  });
});

describe('layer/conv2d and layer/conv2d-transpose', () => {
  const ctx = createComponentContext(compileRegistry(layersPlugins)._unsafeUnwrap());
  const bp = (config: Record<string, unknown>): LayerBlueprint => ctx.create('layer', config as never) as LayerBlueprint;

  it('state their output shapes and refuse what does not fit, in words', () => {
    expect(bp({ type: 'conv2d', filters: 8, kernel: 4, stride: 2, padding: 1 }).outputShape([20, 20, 1])).toEqual([10, 10, 8]);
    expect(bp({ type: 'conv2d', filters: 8, kernel: [3, 2] }).outputShape([7, 5, 1])).toEqual([5, 4, 8]);
    expect(bp({ type: 'conv2d', filters: 8, kernel: 9 }).outputShape([7, 5, 1])).toBe('the 9x9 kernel is larger than the 7x5 input padded by 0 (7x5)');
    expect(bp({ type: 'conv2d', filters: 8, kernel: 3 }).outputShape([35])).toMatch(/height x width x channels input, not 35; put \{ type: reshape/);
    expect(bp({ type: 'conv2d-transpose', filters: 1, kernel: 4, stride: 2, padding: 1 }).outputShape([10, 10, 8])).toEqual([20, 20, 1]);
    expect(bp({ type: 'conv2d-transpose', filters: 1, kernel: 3, stride: 2, outputPadding: 2 }).outputShape([4, 4, 1])).toMatch(/smaller than the stride/);
  });

  it('mirror back to the input shape, with the output padding the floor dropped', () => {
    for (const [input, k, s, p] of [[[20, 20, 1], 4, 2, 1], [[7, 5, 1], 3, 2, 0], [[9, 9, 3], 3, 2, 1], [[6, 5, 2], 2, 1, 0]] as Array<[Shape, number, number, number]>) {
      const down = bp({ type: 'conv2d', filters: 4, kernel: k, stride: s, padding: p });
      const mid = down.outputShape(input) as Shape;
      const back = down.mirror!(input, { type: 'relu' });
      expect(back).toHaveLength(1);
      expect(back[0]).toMatchObject({ type: 'conv2d-transpose', filters: input[2], activation: { type: 'relu' } });
      expect(bp(back[0]!).outputShape(mid)).toEqual(input);
      // and the way round: a transposed convolution mirrors to a conv2d of its geometry
      const upAgain = bp(back[0]!).mirror!(mid, { type: 'linear' });
      expect(bp(upAgain[0]!).outputShape(input)).toEqual(mid);
    }
  });

  it('build from the root stream forked by the layer name', () => {
    const build = (name: string) =>
      bp({ type: 'conv2d', filters: 2, kernel: 3 }).build({ name, inputShape: [5, 5, 1], weights: createRng(1), noise: createRng(2), initializer: init }) as Conv2d;
    expect(Array.from(build('encoder.0').weights.data)).toEqual(Array.from(build('encoder.0').weights.data));
    expect(Array.from(build('encoder.0').weights.data)).not.toEqual(Array.from(build('encoder.1').weights.data));
  });
});
