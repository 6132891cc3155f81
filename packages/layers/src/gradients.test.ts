import { describe, it, expect } from 'vitest';
import { Matrix, Model, checkLayerGradients, compileRegistry, createComponentContext, createRng, planModel } from '@sia/core';
import type { Activation, LayerConfig, ModelComponents, Problem } from '@sia/core';
import { Dense } from './layers/dense.js';
import { layersPlugins } from './plugins.js';
import { Linear } from './activations/linear.js';
import { Logistic } from './activations/logistic.js';
import { Relu } from './activations/relu.js';
import { Tanh } from './activations/tanh.js';
import { BinaryCrossEntropy } from './losses/bce.js';
import { MeanSquaredError } from './losses/mse.js';
import { GlorotInitializer } from './initializers/glorot.js';
import { UniformInitializer } from './initializers/uniform.js';

function inputs(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'x');
  const x = new Matrix(rows, cols);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform() * 2 - 1;
  return x;
}

function binary(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'bits');
  const x = new Matrix(rows, cols);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform() < 0.4 ? 1 : 0;
  return x;
}

const ACTIVATIONS: Array<[string, Activation]> = [
  ['linear', new Linear()],
  ['logistic beta=1', new Logistic(1)],
  ['logistic beta=0.5', new Logistic(0.5)],
  ['tanh beta=1', new Tanh(1)],
  ['tanh beta=0.5', new Tanh(0.5)],
  ['relu', new Relu()],
  ['leaky relu', new Relu(0.05)],
];

describe('dense layer gradients with every activation (finite differences)', () => {
  for (const [name, act] of ACTIVATIONS) {
    it(name, () => {
      for (const rows of [1, 3, 8]) {
        const d = new Dense({ inputSize: 6, outputSize: 5, activation: act, initializer: new UniformInitializer(), rng: createRng(rows, name), name: 'd' });
        d.bias.set([0.2, -0.1, 0.05, 0.3, -0.25]);
        const r = checkLayerGradients(d, inputs(rows, 6, rows));
        expect(r.checked).toBe(30 + 5 + rows * 6);
        expect(r.maxRelativeError).toBeLessThan(1e-6);
      }
    });
  }
});

/** Layers through their plugins; the problem is a plain code (this package has no problem plugins). */
const plain: Problem = { code: (latent) => latent, inputs: 'clean' };
const registry = createComponentContext(compileRegistry(layersPlugins)._unsafeUnwrap());
const components = { create: (kind: string, config: LayerConfig) => (kind === 'problem' ? plain : registry.create('layer', config)) } as ModelComponents;

/** A mirrored dense model: `encoder` as [units, activation] pairs, latent last. */
function model(inputSize: number, encoder: [number, Record<string, unknown>][], seed: number): Model {
  const layers = encoder.map(([units, activation]) => ({ type: 'dense', units, activation }));
  const plan = planModel({ inputShape: [inputSize], problem: { type: 'plain' }, encoder: layers, decoder: 'mirror', output: { type: 'logistic', beta: 1 } }, components)._unsafeUnwrap();
  return Model.build(plan, { weights: createRng(seed), noise: createRng(seed, 'noise'), initializer: new GlorotInitializer() });
}

describe('network-level gradients through a Model of dense layers', () => {
  for (const [lossName, loss] of [
    ['mse mean', new MeanSquaredError('mean')],
    ['mse sum', new MeanSquaredError('sum')],
    ['bce mean', new BinaryCrossEntropy('mean')],
    ['bce sum', new BinaryCrossEntropy('sum')],
  ] as const) {
    it(`35-8-4-2 tanh / tanh(0.5) latent / logistic output, ${lossName}`, () => {
      const ae = model(35, [[8, { type: 'tanh', beta: 1 }], [4, { type: 'tanh', beta: 1 }], [2, { type: 'tanh', beta: 0.5 }]], 5);
      const x = binary(4, 35, 1);
      const r = checkLayerGradients(ae, x, { loss, target: x.clone() });
      // A deep network with a loss of up to ~25 (bce, sum): round-off ε·L/h ≈ 5e-11 on derivatives
      // as small as 1e-6, so the network-level bound is 1e-4 (measured worst: 7e-6).
      expect(r.maxRelativeError).toBeLessThan(1e-4);
    });
  }

  it('mixed hidden activations (relu, logistic) and a linear latent', () => {
    const ae = model(10, [[7, { type: 'relu', negativeSlope: 0.1 }], [5, { type: 'logistic', beta: 0.7 }], [3, { type: 'linear' }]], 6);
    const x = binary(3, 10, 2);
    const r = checkLayerGradients(ae, x, { loss: new BinaryCrossEntropy('sum'), target: x.clone() });
    expect(r.maxRelativeError).toBeLessThan(1e-4);
  });
});
