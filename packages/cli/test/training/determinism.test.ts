import { describe, it, expect } from 'vitest';
import { Matrix, reconstructionStep, createRng, fit } from '@sia/core';
import type { Initializer, Optimizer, Updater } from '@sia/core';
import { Logistic, MeanSquaredError, Tanh } from '@sia/layers';
import { Adam, GradientDescent, Momentum, batch, miniBatch, online } from '@sia/optimizers';
import { denseStack } from './dense-stack.js';

const tanh = new Tanh();
const sigmoid = new Logistic(0.5);
const mse = new MeanSquaredError('mean');

const uniform: Initializer = { name: 'uniform', init: (w, rng) => { for (let i = 0; i < w.data.length; i++) w.data[i] = rng.uniform() * 2 - 1; } };

/** Twelve random binary 16-pixel items, fixed. */
const DATA = (() => {
  const rng = createRng(99, 'data');
  const m = new Matrix(12, 16);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.4 ? 1 : 0;
  return m;
})();

function train(seed: number, optimizer: () => Optimizer, updater: Updater, epochs = 40): { weights: number[]; history: number[] } {
  const rng = createRng(seed, 'train');
  const ae = denseStack([16, 8, 2], { hidden: tanh, latent: tanh, output: sigmoid }, uniform, rng);
  const r = fit(reconstructionStep(ae, mse), { inputs: DATA, targets: DATA }, { optimizer: optimizer(), updater, epochs, rng });
  return { weights: ae.params.flatMap((p) => Array.from(p.value)), history: r.history };
}

describe('training is deterministic for every optimizer and updater', () => {
  const cases: Array<[string, () => Optimizer, Updater]> = [
    ['adam + mini-batch', () => new Adam(0.01), miniBatch(5)],
    ['adam + online', () => new Adam(0.01), online()],
    ['momentum + online', () => new Momentum(0.05, 0.9), online()],
    ['gd + batch', () => new GradientDescent(0.5), batch()],
  ];
  for (const [name, optimizer, updater] of cases) {
    it(name, () => {
      const a = train(7, optimizer, updater);
      const b = train(7, optimizer, updater);
      const c = train(8, optimizer, updater);
      expect(a.weights).toEqual(b.weights); // bit-identical (toEqual on numbers is Object.is per element)
      expect(a.history).toEqual(b.history);
      expect(c.weights).not.toEqual(a.weights);
      // And it learned something: the last epoch's loss is below the first's.
      expect(a.history.at(-1)!).toBeLessThan(a.history[0]!);
    });
  }
});
