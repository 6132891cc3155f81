import { describe, it, expect } from 'vitest';
import { Matrix, Model, checkLayerGradients, createRng, planModel } from '@sia/core';
import { BinaryCrossEntropy, GlorotInitializer, MeanSquaredError, VariationalCode } from '@sia/layers';
import { testContext, testRegistry } from '../train/__fixtures__/context.js';

const ctx = testContext(testRegistry(), 1);

/** Six random binary 12-pixel items. */
function items(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'items');
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.4 ? 1 : 0;
  return m;
}

/** A 12-…-2 variational model of tanh dense layers, mirrored, logistic output. */
function network(hidden: number[], beta = 0.7): Model {
  const encoder = [...hidden.map((units) => ({ type: 'dense', units, activation: { type: 'tanh' } })), { type: 'dense', units: 2, activation: { type: 'linear' } }];
  const plan = planModel(
    { inputShape: [12], problem: { type: 'variational', beta, warmup: 0 }, encoder, decoder: 'mirror', output: { type: 'logistic', beta: 0.5 } },
    ctx,
  )._unsafeUnwrap();
  return Model.build(plan, { weights: createRng(3, 'weights'), noise: createRng(4, 'noise'), initializer: new GlorotInitializer() });
}

describe('problem/variational', () => {
  for (const [name, hidden, loss] of [
    ['two hidden layers, BCE (sum)', [8, 5], new BinaryCrossEntropy('sum')],
    ['one hidden layer, MSE (mean)', [6], new MeanSquaredError('mean')],
    ['no hidden layer, BCE (sum)', [], new BinaryCrossEntropy('sum')],
  ] as const) {
    it(`passes a finite-difference check through encoder, heads, sampling, decoder, loss and KL (${name})`, () => {
      const model = network([...hidden]);
      const code = model.encoder.layers.at(-1) as VariationalCode;
      expect(code).toBeInstanceOf(VariationalCode);
      const x = items(6, 12, 2);
      // A fixed eps makes the sampled objective a deterministic function of the weights.
      const eps = new Matrix(6, 2);
      const rng = createRng(4, 'eps');
      for (let i = 0; i < eps.data.length; i++) eps.data[i] = rng.normal();
      code.fixNoise(eps);
      expect(model.penalties).toEqual([code.penalty]);
      const check = checkLayerGradients(model, x, { training: true, loss, target: x.clone() });
      expect(code.penalty.value).toBeGreaterThan(0);
      expect(code.penalty.weight).toBe(0.7);
      // Every tensor, the log-variance head included, carries a gradient and is checked.
      expect(Object.keys(check.perTensor).sort()).toEqual([...model.params.map((p) => p.name), 'input'].sort());
      for (const p of model.params) expect(p.grad.some((g) => g !== 0), p.name).toBe(true);
      expect(check.maxRelativeError, JSON.stringify(check.worst)).toBeLessThan(1e-4);
    });
  }

  it('draws eps from its stream in training, and gives the mean code in evaluation', () => {
    const model = network([8, 5]);
    const x = items(6, 12, 2);
    const a = model.forward(x, true).clone();
    const b = model.forward(x, true).clone();
    expect(Array.from(a.data)).not.toEqual(Array.from(b.data)); // fresh noise each training forward
    expect(Array.from(network([8, 5]).forward(x, true).data)).toEqual(Array.from(a.data)); // same stream, same draws
    const mu = model.encode(x);
    expect([mu.rows, mu.cols]).toEqual([6, 2]);
    expect(Array.from(model.reconstruct(x).data)).toEqual(Array.from(model.decode(mu).data));
    expect(Array.from(model.reconstruct(x).data)).toEqual(Array.from(model.reconstruct(x).data));
  });

  it('warms the KL weight up linearly', () => {
    const plan = planModel(
      { inputShape: [12], problem: { type: 'variational', beta: 2, warmup: 4 }, encoder: [{ type: 'dense', units: 2, activation: { type: 'linear' } }], decoder: 'mirror', output: { type: 'logistic' } },
      ctx,
    )._unsafeUnwrap();
    const model = Model.build(plan, { weights: createRng(1), noise: createRng(2), initializer: new GlorotInitializer() });
    const w = [1, 2, 3, 5, 9].map((e) => (model.startEpoch(e, 10), model.penalties[0]!.weight));
    expect(w).toEqual([0, 0.5, 1, 2, 2]);
  });

  it('refuses a latent layer whose code is not flat', () => {
    const plan = planModel(
      { inputShape: [4, 4, 1], problem: { type: 'variational' }, encoder: [{ type: 'reshape', shape: [16] }, { type: 'reshape', shape: [4, 4, 1] }], decoder: [{ type: 'flatten' }], output: { type: 'logistic' } },
      ctx,
    );
    expect(plan._unsafeUnwrapErr().message).toMatch(/must give a flat code/);
  });
});
