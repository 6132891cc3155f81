// @ts-check
import { describe, expect, it } from 'vitest';
import { Matrix, Sequential, checkLayerGradients, createRng } from '@sia/core';
import { Dense, Linear, MeanSquaredError, Tanh, UniformInitializer } from '@sia/layers';
import { GaussianNoiseLayer, gaussianNoiseLayerPlugin } from '../gaussian-noise.js';
import { SparseCode, sparsePlugin } from '../sparse.js';
import module, { plugins } from '../index.js';

const noCtx = { create: () => { throw new Error('no slots'); } };

/** @param {number} rows @param {number} cols @param {number} seed */
function random(rows, cols, seed) {
  const rng = createRng(seed, 'x');
  return new Matrix(rows, cols, Float64Array.from({ length: rows * cols }, () => rng.uniform() * 2 - 1));
}

describe('acme:gaussian-noise', () => {
  it('is the identity at evaluation and passes the gradient through', () => {
    const layer = new GaussianNoiseLayer(4, 0.5, createRng(1));
    const x = random(2, 4, 1);
    expect(layer.forward(x)).toBe(x);
    expect(layer.backward(x)).toBe(x);
  });

  it('adds N(0, std^2) in training, drawn from its stream', () => {
    const layer = new GaussianNoiseLayer(1000, 0.3, createRng(2));
    const x = new Matrix(20, 1000);
    const y = layer.forward(x, true);
    let s = 0, s2 = 0;
    for (const v of y.data) { s += v; s2 += v * v; }
    const n = y.data.length, mean = s / n;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.sqrt(s2 / n - mean * mean)).toBeCloseTo(0.3, 2);
    const again = new GaussianNoiseLayer(1000, 0.3, createRng(2)).forward(x, true);
    expect(Array.from(again.data)).toEqual(Array.from(y.data));
  });

  it('passes the gradient through unchanged in training too (the noise does not depend on x)', () => {
    const layer = new GaussianNoiseLayer(3, 0.2, createRng(7));
    const x = random(4, 3, 2);
    const y = layer.forward(x, true);
    expect(y).not.toBe(x);
    expect(Array.from(y.data)).not.toEqual(Array.from(x.data));
    const dy = random(4, 3, 3);
    expect(Array.from(layer.backward(dy).data)).toEqual(Array.from(dy.data));
  });

  it('draws afresh every training batch, and differently for another seed', () => {
    const x = new Matrix(2, 50);
    const layer = new GaussianNoiseLayer(50, 1, createRng(4));
    const first = Array.from(layer.forward(x, true).data);
    const second = Array.from(layer.forward(x, true).data);
    expect(second).not.toEqual(first);
    const other = Array.from(new GaussianNoiseLayer(50, 1, createRng(5)).forward(x, true).data);
    expect(other).not.toEqual(first);
  });

  it('is built by its blueprint on the flattened item, drawing from the stage stream b.noise', () => {
    const bp = gaussianNoiseLayerPlugin.create({ std: 0.25 }, noCtx);
    const build = (/** @type {number} */ seed) =>
      bp.build(/** @type {any} */ ({ name: 'encoder.0', inputShape: [7, 5, 1], weights: createRng(99), noise: createRng(seed), initializer: undefined }));
    const layer = build(11);
    expect(layer).toMatchObject({ inputSize: 35, outputSize: 35, params: [] });
    const x = new Matrix(3, 35);
    const expected = createRng(11);
    const y = layer.forward(x, true);
    for (let i = 0; i < y.data.length; i++) expect(y.data[i]).toBe(0.25 * expected.normal());
  });

  it('keeps the shape and adds nothing to a mirrored decoder', () => {
    const bp = gaussianNoiseLayerPlugin.create({ std: 0.1 }, noCtx);
    expect(bp.outputShape([7, 5, 1])).toEqual([7, 5, 1]);
    expect(bp.mirror?.([7, 5, 1], {})).toEqual([]);
  });
});

describe('acme:sparse', () => {
  const dense = () => new Dense({ name: 'code', inputSize: 6, outputSize: 3, activation: new Tanh(1), initializer: new UniformInitializer(), rng: createRng(3) });

  it('has the penalty l1 = mean over the batch of sum |z|, in training', () => {
    const code = new SparseCode(dense(), 0.5);
    const x = random(4, 6, 4);
    const z = code.forward(x, true);
    let sum = 0;
    for (const v of z.data) sum += Math.abs(v);
    expect(code.penalty).toMatchObject({ name: 'l1', weight: 0.5 });
    expect(code.penalty.value).toBeCloseTo(sum / 4, 14);
  });

  it('adds weight * sign(z) / rows to the gradient (finite differences of reconstruction + weight * l1)', () => {
    const code = new SparseCode(dense(), 0.7);
    const r = checkLayerGradients(code, random(5, 6, 5), { training: true });
    expect(r.maxRelativeError).toBeLessThan(1e-6);
    expect(Object.keys(r.perTensor)).toEqual(['code.weight', 'code.bias', 'input']);
  });

  it('leaves the penalty alone at evaluation, where the code is the latent output itself', () => {
    const latent = dense();
    const code = new SparseCode(latent, 0.5);
    const x = random(4, 6, 4);
    code.forward(x, true);
    const trained = code.penalty.value;
    const z = code.forward(random(4, 6, 9));
    expect(code.penalty.value).toBe(trained);
    expect(Array.from(z.data)).toEqual(Array.from(latent.forward(random(4, 6, 9)).data));
  });

  it('adds exactly weight * sign(z) / rows to dz before the latent layer', () => {
    /** An identity latent layer: its input gradient is the dz it is given. @type {import('@sia/core').Layer} */
    const identity = { inputSize: 4, outputSize: 4, params: [], forward: (x) => x, backward: (dy) => dy };
    const code = new SparseCode(identity, 0.3);
    const z = Matrix.from([[1.5, -0.2, 0.7, -3], [-1, 2, -0.5, 0.25]]);
    code.forward(z, true);
    expect(code.penalty.value).toBeCloseTo((1.5 + 0.2 + 0.7 + 3 + 1 + 2 + 0.5 + 0.25) / 2, 14);
    const dz = Matrix.from([[0.1, 0.1, 0.1, 0.1], [0, 0, 0, 0]]);
    const dx = code.backward(dz);
    const k = 0.3 / 2;
    const expected = [0.1 + k, 0.1 - k, 0.1 + k, 0.1 - k, -k, k, -k, k];
    expected.forEach((v, i) => expect(dx.data[i]).toBeCloseTo(v, 14));
    // dz itself is not touched: the trainer's gradient buffer stays the loss gradient.
    expect(Array.from(dz.data)).toEqual([0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0]);
  });

  it('trains the objective mse(reconstruction) + weight * l1: a whole network checked by finite differences', () => {
    // encoder (dense 6 -> 3 tanh, the sparse code) then a decoder (dense 3 -> 6 linear), as the trainer assembles it.
    const code = new SparseCode(dense(), 2);
    const decoder = new Dense({ name: 'decoder', inputSize: 3, outputSize: 6, activation: new Linear(), initializer: new UniformInitializer(), rng: createRng(8) });
    const net = new Sequential([code, decoder]);
    expect(net.penalties).toEqual([code.penalty]);
    const x = random(5, 6, 6);
    // A weight this large makes the penalty's share of the gradient dominate: a missing or
    // mis-scaled sign(z)/rows term would fail the check by orders of magnitude.
    const r = checkLayerGradients(net, x, { training: true, loss: new MeanSquaredError(), target: random(5, 6, 7) });
    expect(r.maxRelativeError).toBeLessThan(1e-6);
    expect(r.checked).toBe(6 * 3 + 3 + 3 * 6 + 6 + 5 * 6);
    // The check has teeth: the same network whose code layer forgets the penalty's gradient fails it.
    const forgetful = new SparseCode(dense(), 2);
    forgetful.backward = (dz, need) => forgetful.latent.backward(dz, need);
    const bad = checkLayerGradients(new Sequential([forgetful, decoder]), x, { training: true, loss: new MeanSquaredError(), target: random(5, 6, 7) });
    expect(bad.maxRelativeError).toBeGreaterThan(1e-2);
  });

  it('follows a weight changed after building (read on every step, like the KL warm-up)', () => {
    const code = new SparseCode(dense(), 0.1);
    code.penalty.weight = 3;
    const r = checkLayerGradients(code, random(5, 6, 5), { training: true });
    expect(r.maxRelativeError).toBeLessThan(1e-6);
  });

  it('wraps the latent blueprint: same shapes, same mirror, inputs clean', () => {
    const latent = { outputShape: () => [2], build: () => new Dense({ inputSize: 4, outputSize: 2, activation: new Linear(), initializer: new UniformInitializer(), rng: createRng(1) }), mirror: () => [{ type: 'dense', units: 4 }] };
    const problem = sparsePlugin.create({ weight: 0.01 }, noCtx);
    expect(problem.inputs).toBe('clean');
    const bp = problem.code(latent);
    expect(bp.outputShape([4])).toEqual([2]);
    expect(bp.mirror?.([4], {})).toEqual([{ type: 'dense', units: 4 }]);
    const built = bp.build(/** @type {any} */ ({}));
    expect(built).toBeInstanceOf(SparseCode);
    expect(built.penalty?.weight).toBe(0.01);
  });

  it('registers both through one plugin module', () => {
    expect(plugins.map((p) => `${p.kind}/${p.name}`)).toEqual(['layer/acme:gaussian-noise', 'problem/acme:sparse']);
    expect(module).toBeDefined();
  });
});
