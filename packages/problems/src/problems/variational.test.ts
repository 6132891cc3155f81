import { describe, it, expect } from 'vitest';
import { Matrix, checkGradients, createRng } from '@sia/core';
import { BinaryCrossEntropy, GlorotInitializer, Logistic, MeanSquaredError, Tanh } from '@sia/layers';
import { VariationalNetwork } from './variational-network.js';

/** Six random binary 12-pixel items. */
function items(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'items');
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.4 ? 1 : 0;
  return m;
}

function network(hidden: number[], seed = 3): VariationalNetwork {
  return VariationalNetwork.create(
    { inputSize: 12, hidden, latent: 2, hiddenActivation: new Tanh(), outputActivation: new Logistic(0.5) },
    new GlorotInitializer(),
    createRng(seed, 'weights'),
  );
}

describe('VariationalNetwork', () => {
  for (const [name, hidden, loss] of [
    ['two hidden layers, BCE (sum)', [8, 5], new BinaryCrossEntropy('sum')],
    ['one hidden layer, MSE (mean)', [6], new MeanSquaredError('mean')],
    ['no hidden layer, BCE (sum)', [], new BinaryCrossEntropy('sum')],
  ] as const) {
    it(`passes a finite-difference check through encoder, heads, sampling, decoder, loss and KL (${name})`, () => {
      const net = network([...hidden]).prepare(loss, createRng(1, 'unused'));
      const x = items(6, 12, 2);
      // Give the log-variance head some weight so that the sampling path matters.
      const eps = new Matrix(6, 2);
      const rng = createRng(4, 'eps');
      for (let i = 0; i < eps.data.length; i++) eps.data[i] = rng.normal();
      net.fixNoise(eps);
      net.klWeight = 0.7;
      const value = net.trainStep(x, x);
      expect(value).toBeCloseTo(net.objective(x, x, eps), 12);
      expect(value).toBeCloseTo(net.lastReconstruction + 0.7 * net.lastKl, 12);
      expect(net.lastKl).toBeGreaterThan(0);
      const tensors = net.params.map((p) => ({ name: p.name, value: p.value, grad: p.grad.slice() }));
      const check = checkGradients(() => net.objective(x, x, eps), tensors);
      expect(check.checked).toBe(net.params.reduce((n, p) => n + p.value.length, 0));
      // Every tensor, the log-variance head included, must carry a gradient.
      for (const t of tensors) expect(t.grad.some((g) => g !== 0), t.name).toBe(true);
      expect(check.maxRelativeError, JSON.stringify(check.worst)).toBeLessThan(1e-4);
    });
  }

  it('draws eps from its stream when not fixed: the same stream gives the same steps', () => {
    const x = items(6, 12, 2);
    const run = (seed: number) => {
      const net = network([8, 5]).prepare(new BinaryCrossEntropy('sum'), createRng(seed, 'sampling'));
      return [net.trainStep(x, x), net.trainStep(x, x)];
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    const a = run(1);
    expect(a[0]).not.toBe(a[1]); // fresh noise each step
  });

  it('encode gives the mean head and reconstruct decodes it (no sampling)', () => {
    const net = network([8, 5]);
    const x = items(6, 12, 2);
    const mu = net.encode(x);
    expect(mu.rows).toBe(6);
    expect(mu.cols).toBe(2);
    expect(Array.from(net.reconstruct(x).data)).toEqual(Array.from(net.decode(mu).data));
    expect(Array.from(net.reconstruct(x).data)).toEqual(Array.from(net.reconstruct(x).data));
  });

  it('round-trips through its tensors', () => {
    const net = network([8, 5]);
    const copy = VariationalNetwork.fromTensors(net.spec, net.tensors());
    const x = items(6, 12, 2);
    expect(Array.from(copy.reconstruct(x).data)).toEqual(Array.from(net.reconstruct(x).data));
    const broken = { ...net.tensors() };
    delete broken['logvar.weight'];
    expect(() => VariationalNetwork.fromTensors(net.spec, broken)).toThrow(/logvar\.weight is missing/);
  });
});
