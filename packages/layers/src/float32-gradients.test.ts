import { describe, it, expect } from 'vitest';
import { Matrix, Model, checkLayerGradients, compileRegistry, createComponentContext, createRng, planModel } from '@sia/core';
import type { Activation, LayerConfig, ModelComponents, Problem, Rng } from '@sia/core';
import { Dense } from './layers/dense.js';
import { BatchNorm } from './layers/batch-norm.js';
import { Conv2d } from './layers/conv2d.js';
import { Conv2dTranspose } from './layers/conv2d-transpose.js';
import { Dropout } from './layers/dropout.js';
import { layersPlugins } from './plugins.js';
import { Linear } from './activations/linear.js';
import { Logistic } from './activations/logistic.js';
import { Relu } from './activations/relu.js';
import { Tanh } from './activations/tanh.js';
import { BinaryCrossEntropy } from './losses/bce.js';
import { MeanSquaredError } from './losses/mse.js';
import { GlorotInitializer } from './initializers/glorot.js';
import { UniformInitializer } from './initializers/uniform.js';
import { VariationalCode } from './sampling/variational-code.js';

// Finite-difference checks of float32 layers and networks. The analytic gradients are computed in
// float32 (f32 products, f32 buffers); the objective carries float32 round-off (about 6e-8 of each
// output), so the step is h = 1e-2 (round-off ε·|L|/h ≈ 1e-5, truncation h²·f'''/6 ≈ 1e-5) and
// correct derivatives stay below the float32 bounds used here (measured worst in the comments),
// while a wrong formula gives errors of order 1e-1 and more.
const F32 = { step: 1e-2, floor: 1e-3 } as const;

function inputs(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'x');
  const x = new Matrix(rows, cols);
  // Rounded to float32 first, so that the input the layer copies is the one perturbed.
  for (let i = 0; i < x.data.length; i++) x.data[i] = Math.fround(rng.uniform() * 2 - 1);
  return x;
}

function binary(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'bits');
  const x = new Matrix(rows, cols);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform() < 0.4 ? 1 : 0;
  return x;
}

/** [name, activation, step]: the plain ReLU takes h = 3e-3, since h = 1e-2 steps over its kink at 0 for some of these inputs. */
const ACTIVATIONS: Array<[string, Activation, number]> = [
  ['linear', new Linear(), 1e-2],
  ['logistic beta=1', new Logistic(1), 1e-2],
  ['tanh beta=0.5', new Tanh(0.5), 1e-2],
  ['relu', new Relu(), 3e-3],
  ['leaky relu', new Relu(0.05), 1e-2],
];

describe('float32 dense layer gradients (finite differences, float32 tolerance)', () => {
  for (const [name, act, step] of ACTIVATIONS) {
    it(name, () => {
      for (const rows of [1, 3, 8]) {
        const d = new Dense({ inputSize: 6, outputSize: 5, activation: act, initializer: new UniformInitializer(), rng: createRng(rows, name), name: 'd', precision: 'float32' });
        expect(d.weights.data).toBeInstanceOf(Float32Array);
        expect(d.params.every((p) => p.value instanceof Float32Array && p.grad instanceof Float32Array)).toBe(true);
        d.bias.set([0.2, -0.1, 0.05, 0.3, -0.25]);
        const r = checkLayerGradients(d, inputs(rows, 6, rows), { ...F32, step });
        expect(r.checked).toBe(30 + 5 + rows * 6);
        // Measured worst over the three batch sizes: 1e-3 (linear), 7e-4 (logistic), 5e-4 (relu, h = 3e-3).
        expect(r.maxRelativeError).toBeLessThan(5e-3);
      }
    });
  }

  it('a wrong derivative is still caught at the float32 tolerance', () => {
    // tanh's derivative taken as 1 (the linear one): far above the float32 bound.
    const right: Activation = new Tanh(1);
    const wrong: Activation = { name: 'bad-tanh', forward: (z, y) => right.forward(z, y), backward: (_z, _y, dy, dz) => dz.data.set(dy.data) };
    const d = new Dense({ inputSize: 6, outputSize: 5, activation: wrong, initializer: new UniformInitializer(), rng: createRng(1, 'bad'), name: 'd', precision: 'float32' });
    expect(checkLayerGradients(d, inputs(4, 6, 1), F32).maxRelativeError).toBeGreaterThan(5e-2);
  });
});

const plain: Problem = { code: (latent) => latent, inputs: 'clean' };
const registry = createComponentContext(compileRegistry(layersPlugins)._unsafeUnwrap());
const components = { create: (kind: string, config: LayerConfig) => (kind === 'problem' ? plain : registry.create('layer', config)) } as ModelComponents;

function model(inputSize: number, encoder: [number, Record<string, unknown>][], seed: number): Model {
  const layers = encoder.map(([units, activation]) => ({ type: 'dense', units, activation }));
  const arch = { inputShape: [inputSize], problem: { type: 'plain' }, encoder: layers, decoder: 'mirror' as const, output: { type: 'logistic', beta: 1 }, precision: 'float32' as const };
  const plan = planModel(arch, components)._unsafeUnwrap();
  return Model.build(plan, { weights: createRng(seed), noise: createRng(seed, 'noise'), initializer: new GlorotInitializer() });
}

describe('float32 network gradients through a Model of dense layers', () => {
  for (const [lossName, loss] of [
    ['mse mean', new MeanSquaredError('mean')],
    ['bce mean', new BinaryCrossEntropy('mean')],
    ['bce sum', new BinaryCrossEntropy('sum')],
  ] as const) {
    it(`35-8-4-2 tanh, logistic output, ${lossName}`, () => {
      const ae = model(35, [[8, { type: 'tanh', beta: 1 }], [4, { type: 'tanh', beta: 1 }], [2, { type: 'tanh', beta: 0.5 }]], 5);
      expect(ae.precision).toBe('float32');
      expect(ae.params.every((p) => p.value instanceof Float32Array)).toBe(true);
      const x = binary(4, 35, 1);
      const r = checkLayerGradients(ae, x, { ...F32, loss, target: x.clone() });
      // Measured worst: 4e-4 (mse mean, bce mean), 5e-3 (bce sum: a loss of ~25, the largest f32 round-off).
      expect(r.maxRelativeError).toBeLessThan(1e-2);
    });
  }
});

describe('float32 variational code (two heads, sampling, KL)', () => {
  it('matches finite differences with the noise held fixed', () => {
    const head = (name: string): Dense =>
      new Dense({ inputSize: 6, outputSize: 2, activation: new Linear(), initializer: new GlorotInitializer(), rng: createRng(3, name), name, precision: 'float32' });
    const code = new VariationalCode(head('mean'), head('logvar'), createRng(1, 'noise'), () => 1, 'float32');
    const eps = new Matrix(5, 2, new Float64Array(10).map((_, i) => Math.fround(Math.sin(i + 1))));
    code.fixNoise(eps);
    const r = checkLayerGradients(code, inputs(5, 6, 2), { ...F32, training: true });
    expect(r.checked).toBe(2 * (12 + 2) + 30);
    // Measured worst: 2e-4.
    expect(r.maxRelativeError).toBeLessThan(1e-2);
  });
});

/** [input shape, filters, kernel, stride, padding]: odd sizes, a stride that drops a row, an uneven kernel. */
const CONVS = [
  [[5, 4, 3], 3, [3, 3], 2, 1],
  [[4, 5, 2], 2, [2, 3], 1, 0],
] as const;

// Smooth activations only: a convolution has many pre-activations, and some lie within h of a
// ReLU's kink, where the central difference steps over it.
describe('float32 convolution gradients (finite differences, float32 tolerance)', () => {
  for (const [name, act, step] of ACTIVATIONS.filter(([n]) => n === 'tanh beta=0.5' || n === 'logistic beta=1')) {
    it(`conv2d, ${name}`, () => {
      for (const [shape, filters, kernel, stride, padding] of CONVS) {
        const c = new Conv2d<Float32Array>({ inputShape: shape, filters, kernel, stride, padding, activation: act, initializer: new UniformInitializer(), rng: createRng(2, name), name: 'c', precision: 'float32', biasInit: 'uniform' });
        expect(c.params.every((p) => p.value instanceof Float32Array && p.grad instanceof Float32Array)).toBe(true);
        const r = checkLayerGradients(c, inputs(2, c.inputSize, 3), { ...F32, step });
        expect(r.checked).toBe(c.weights.data.length + filters + 2 * c.inputSize);
        // Measured worst: 1e-3 (tanh), 3e-3 (logistic).
        expect(r.maxRelativeError).toBeLessThan(1e-2);
      }
    });

    it(`conv2d-transpose, ${name}`, () => {
      for (const [shape, filters, kernel, stride, padding] of CONVS) {
        const t = new Conv2dTranspose<Float32Array>({ inputShape: shape, filters, kernel, stride, padding, outputPadding: [stride - 1, 0], activation: act, initializer: new UniformInitializer(), rng: createRng(3, name), name: 't', precision: 'float32', biasInit: 'uniform' });
        expect(t.params.every((p) => p.value instanceof Float32Array && p.grad instanceof Float32Array)).toBe(true);
        const r = checkLayerGradients(t, inputs(2, t.inputSize, 4), { ...F32, step });
        expect(r.checked).toBe(t.weights.data.length + filters + 2 * t.inputSize);
        // Measured worst: 4e-4 (tanh), 3e-3 (logistic).
        expect(r.maxRelativeError).toBeLessThan(1e-2);
      }
    });
  }
});

describe('float32 batch-norm gradients (finite differences, float32 tolerance)', () => {
  it('in training (batch statistics) and at evaluation (running statistics)', () => {
    for (const [shape, rows] of [[[5], 4], [[3, 2, 3], 2]] as const) {
      const bn = new BatchNorm(shape, 0.1, 1e-5, 'bn', 'float32');
      expect([...bn.params.flatMap((p) => [p.value, p.grad]), ...bn.state.map((s) => s.value)].every((a) => a instanceof Float32Array)).toBe(true);
      bn.gamma.set(Array.from({ length: bn.channels }, (_, i) => 0.5 + i * 0.3));
      bn.beta.set(Array.from({ length: bn.channels }, (_, i) => i * 0.1 - 0.2));
      const x = inputs(rows, bn.inputSize, 5);
      // Against a target: with a sum of the outputs, the input gradient in training would be 0.
      const options = { ...F32, loss: new MeanSquaredError(), target: inputs(rows, bn.inputSize, 6) };
      // Measured worst: 1e-3 (training), 7e-6 (evaluation).
      expect(checkLayerGradients(bn, x, { ...options, training: true }).maxRelativeError).toBeLessThan(5e-3);
      bn.runningVar.set(Array.from({ length: bn.channels }, (_, i) => 1 + i));
      expect(checkLayerGradients(bn, x, options).maxRelativeError).toBeLessThan(5e-3);
    }
  });
});

/** A noise stream that repeats its first `period` uniform draws: a dropout mask held fixed over forwards of `period` values. */
function repeatingNoise(seed: number, period: number): Rng {
  const rng = createRng(seed, 'repeat');
  const draws = Float64Array.from({ length: period }, () => rng.uniform());
  let i = 0;
  return { uniform: () => draws[i++ % period]!, normal: () => rng.normal(), normals: (out, n) => rng.normals(out, n), int: (n) => rng.int(n), shuffle: (a) => rng.shuffle(a), fork: (label) => rng.fork(label) };
}

describe('float32 dropout gradients (finite differences, float32 tolerance)', () => {
  it('in training, the mask held fixed, and at evaluation', () => {
    const rows = 3, size = 7;
    const d = new Dropout(size, 0.3, repeatingNoise(1, rows * size), 'float32');
    const x = inputs(rows, size, 7);
    const y = d.forward(x, true);
    expect(y.data).toBeInstanceOf(Float32Array);
    expect(Array.from(y.data).some((v) => v === 0)).toBe(true); // some values are dropped
    // Measured worst: 2e-6 (training), 1e-13 (evaluation: the identity).
    expect(checkLayerGradients(d, x, { ...F32, training: true }).maxRelativeError).toBeLessThan(5e-3);
    expect(checkLayerGradients(d, x, F32).maxRelativeError).toBeLessThan(5e-3);
  });
});

describe('float32 network gradients through a Model of convolutions', () => {
  it('plans, builds in float32 and matches finite differences: conv2d, batch-norm, dropout, flatten, dense, mirrored', () => {
    const encoder = [
      { type: 'conv2d', filters: 3, kernel: 3, stride: 2, padding: 1, activation: { type: 'tanh', beta: 1 } },
      { type: 'batch-norm' },
      { type: 'dropout', rate: 0.2 },
      { type: 'flatten' },
      { type: 'dense', units: 2, activation: { type: 'tanh', beta: 0.5 } },
    ];
    const arch = { inputShape: [7, 6, 1], problem: { type: 'plain' }, encoder, decoder: 'mirror' as const, output: { type: 'logistic', beta: 1 }, precision: 'float32' as const };
    const plan = planModel(arch, components)._unsafeUnwrap();
    expect(plan.spec.decoder.map((c) => c.type)).toEqual(['dense', 'reshape', 'conv2d-transpose']);
    const ae = Model.build(plan, { weights: createRng(2), noise: createRng(2, 'noise'), initializer: new GlorotInitializer() });
    expect(ae.precision).toBe('float32');
    expect(ae.params.every((p) => p.value instanceof Float32Array && p.grad instanceof Float32Array)).toBe(true);
    const x = binary(3, 42, 2);
    // Evaluation: dropout is the identity and batch-norm uses its running statistics.
    const r = checkLayerGradients(ae, x, { ...F32, loss: new BinaryCrossEntropy('mean'), target: x.clone() });
    // Measured worst: 6e-4.
    expect(r.maxRelativeError).toBeLessThan(1e-2);
  });
});
