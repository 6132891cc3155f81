import { describe, it, expect } from 'vitest';
import { Matrix, Sequential, checkLayerGradients, compileRegistry, createComponentContext, createRng } from '@sia/core';
import type { LayerBlueprint } from '@sia/core';
import { Dense, densePlugin } from './dense.js';
import { Linear } from '../activations/linear.js';
import { Logistic } from '../activations/logistic.js';
import { Tanh } from '../activations/tanh.js';
import { MeanSquaredError } from '../losses/mse.js';
import { UniformInitializer } from '../initializers/uniform.js';
import { layersPlugins } from '../plugins.js';

const identity = new Linear();
const tanh = new Tanh(1);
const sigmoid = new Logistic(0.5); // 1/(1 + e^-x)
const mse = new MeanSquaredError();
const uniformInit = new UniformInitializer();

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'data');
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() * 2 - 1;
  return m;
}

describe('Dense', () => {
  it('forward computes act(X·Wᵀ + b) by hand', () => {
    // W = [[1, 2], [3, 4], [5, 6]], b = [0.5, -1, 0], x = [1, -1]
    // z = [1−2+0.5, 3−4−1, 5−6+0] = [−0.5, −2, −1]
    const d = new Dense({ inputSize: 2, outputSize: 3, activation: identity, weights: new Float64Array([1, 2, 3, 4, 5, 6]), bias: new Float64Array([0.5, -1, 0]) });
    expect(Array.from(d.forward(Matrix.from([[1, -1]])).data)).toEqual([-0.5, -2, -1]);
    // Two rows at once, same layer: the second row [0, 1] gives [2.5, 3, 6].
    expect(d.forward(Matrix.from([[1, -1], [0, 1]])).toArrays()).toEqual([[-0.5, -2, -1], [2.5, 3, 6]]);
  });

  it('backward gives dW = dZᵀ·X, db = Σ dZ, dX = dZ·W, overwriting the grads', () => {
    // Linear layer, W = [[1, 2], [3, 4]], x = [[1, 2], [3, 4]], dY = [[1, 0], [0, 1]]
    // dW = dYᵀ·X = [[1, 2], [3, 4]]; db = [1, 1]; dX = dY·W = [[1, 2], [3, 4]]
    const d = new Dense({ inputSize: 2, outputSize: 2, activation: identity, weights: new Float64Array([1, 2, 3, 4]) });
    const x = Matrix.from([[1, 2], [3, 4]]);
    d.forward(x);
    const dx = d.backward(Matrix.from([[1, 0], [0, 1]]));
    expect(Array.from(d.weightGrad.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(d.biasGrad)).toEqual([1, 1]);
    expect(dx.toArrays()).toEqual([[1, 2], [3, 4]]);
    // A second backward overwrites (does not add): same numbers again.
    d.forward(x);
    d.backward(Matrix.from([[1, 0], [0, 1]]));
    expect(Array.from(d.weightGrad.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(d.biasGrad)).toEqual([1, 1]);
  });

  it('reuses its buffers for a batch size it has seen', () => {
    const d = new Dense({ inputSize: 3, outputSize: 2, activation: tanh, initializer: uniformInit, rng: createRng(1) });
    const a = d.forward(randomMatrix(4, 3, 1));
    const b = d.forward(randomMatrix(1, 3, 2));
    expect(d.forward(randomMatrix(4, 3, 3))).toBe(a);
    expect(d.forward(randomMatrix(1, 3, 4))).toBe(b);
  });

  it('is initialised from its stream, deterministically', () => {
    const make = (seed: number) => new Dense({ inputSize: 5, outputSize: 4, activation: tanh, initializer: uniformInit, rng: createRng(seed) });
    expect(Array.from(make(1).weights.data)).toEqual(Array.from(make(1).weights.data));
    expect(Array.from(make(1).weights.data)).not.toEqual(Array.from(make(2).weights.data));
    expect(Array.from(make(1).bias)).toEqual([0, 0, 0, 0]);
  });

  it('rejects bad sizes and explicit weights of the wrong length', () => {
    expect(() => new Dense({ inputSize: 0, outputSize: 2, activation: tanh, initializer: uniformInit, rng: createRng(1) })).toThrow(RangeError);
    expect(() => new Dense({ inputSize: 2, outputSize: 2, activation: tanh, weights: new Float64Array(3) })).toThrow(/3 weights/);
    expect(() => new Dense({ inputSize: 2, outputSize: 2, activation: tanh })).toThrow(/initializer/);
  });

  for (const [name, act] of [['linear', identity], ['tanh', tanh], ['sigmoid', sigmoid]] as const) {
    it(`passes a finite-difference check with ${name}, batch 1 and 5`, () => {
      for (const rows of [1, 5]) {
        const d = new Dense({ inputSize: 7, outputSize: 5, activation: act, initializer: uniformInit, rng: createRng(rows, name), name: 'l' });
        d.bias.set([0.1, -0.2, 0.3, 0, 0.05]);
        const r = checkLayerGradients(d, randomMatrix(rows, 7, rows));
        expect(r.maxRelativeError).toBeLessThan(1e-6);
        expect(Object.keys(r.perTensor)).toEqual(['l.weight', 'l.bias', 'input']);
        expect(r.checked).toBe(7 * 5 + 5 + rows * 7);
      }
    });
  }
});

describe('Sequential', () => {
  it('chains layers and checks sizes', () => {
    const rng = createRng(3);
    const a = new Dense({ inputSize: 4, outputSize: 3, activation: tanh, initializer: uniformInit, rng: rng.fork('a'), name: 'a' });
    const b = new Dense({ inputSize: 3, outputSize: 2, activation: sigmoid, initializer: uniformInit, rng: rng.fork('b'), name: 'b' });
    const s = new Sequential([a, b]);
    expect([s.inputSize, s.outputSize]).toEqual([4, 2]);
    expect(s.params.map((p) => p.name)).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
    const x = randomMatrix(3, 4, 9);
    const y = s.forward(x).clone();
    expect(y.toArrays()).toEqual(b.forward(a.forward(x)).toArrays());
    const r = checkLayerGradients(s, x, { loss: mse, target: randomMatrix(3, 2, 10) });
    expect(r.maxRelativeError).toBeLessThan(1e-6);
    expect(() => new Sequential([b, a])).toThrow(/takes 4 inputs/);
    expect(() => new Sequential([])).toThrow(RangeError);
  });
});

describe('layer/dense', () => {
  const ctx = createComponentContext(compileRegistry(layersPlugins)._unsafeUnwrap());
  const blueprint = (config: Record<string, unknown>): LayerBlueprint =>
    ctx.create('layer', { type: 'dense', ...config } as never) as LayerBlueprint;

  it('gives [units] for a flat input and refuses an image', () => {
    const bp = blueprint({ units: 4 });
    expect(bp.outputShape([9])).toEqual([4]);
    expect(bp.outputShape([7, 5, 1])).toMatch(/put \{ type: flatten \} before it/);
  });

  it('builds from the root stream forked by its name; bias uniform in ±1/√fan_in when asked', () => {
    const build = (bias: string, name: string) =>
      blueprint({ units: 3, bias }).build({ name, inputShape: [4], weights: createRng(5), noise: createRng(6), initializer: uniformInit }) as Dense;
    const a = build('zeros', 'encoder.0'), b = build('zeros', 'encoder.0'), c = build('zeros', 'encoder.1');
    expect(Array.from(a.weights.data)).toEqual(Array.from(b.weights.data));
    expect(Array.from(a.weights.data)).not.toEqual(Array.from(c.weights.data));
    expect(Array.from(a.bias)).toEqual([0, 0, 0]);
    const u = build('uniform', 'encoder.0');
    expect(Array.from(u.weights.data)).toEqual(Array.from(a.weights.data)); // weights first, then the bias
    for (const v of u.bias) expect(Math.abs(v)).toBeLessThan(0.5);
    expect(u.bias.some((v) => v !== 0)).toBe(true);
    expect(densePlugin.name).toBe('dense');
  });

  it('mirrors to a dense layer back to the input width with the given activation', () => {
    expect(blueprint({ units: 3 }).mirror!([8], { type: 'tanh', beta: 0.5 })).toEqual([{ type: 'dense', units: 8, activation: { type: 'tanh', beta: 0.5 } }]);
  });
});
