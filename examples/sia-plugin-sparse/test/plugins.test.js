// @ts-check
import { describe, expect, it } from 'vitest';
import { Matrix, checkLayerGradients, createRng } from '@sia/core';
import { Dense, Linear, Tanh, UniformInitializer } from '@sia/layers';
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
