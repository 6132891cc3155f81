import { describe, it, expect, afterEach } from 'vitest';
import { Matrix, reconstructionStep, createRng, elementwiseCalls, fit, setWasmEnabled, wasmArena } from '@sia/core';
import type { Activation, Initializer, Loss, Optimizer, Updater } from '@sia/core';
import { BinaryCrossEntropy, Logistic, MeanSquaredError, Relu, Tanh } from '@sia/layers';
import { Adam, GradientDescent, Momentum, batch, miniBatch, online } from '@sia/optimizers';
import { denseStack } from './dense-stack.js';

const tanh = new Tanh();
const sigmoid = new Logistic(0.5);
const mse = new MeanSquaredError('mean');

const uniform: Initializer = { name: 'uniform', init: (w, rng) => { for (let i = 0; i < w.data.length; i++) w.data[i] = (rng.uniform() * 2 - 1) * 0.5; } };

/** Eleven random binary 37-pixel items: odd sizes, so every kernel's row and column tails run. */
const DATA = (() => {
  const rng = createRng(5, 'data');
  const m = new Matrix(11, 37);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.4 ? 1 : 0;
  return m;
})();

function train(optimizer: Optimizer, updater: Updater, hidden: Activation = tanh, loss: Loss = mse): { weights: number[]; history: number[] } {
  const rng = createRng(3, 'train');
  // 37-21-9-2-9-21-37: widths with tails mod 4 and mod 8, and one below 4 (the plain route).
  const ae = denseStack([37, 21, 9, 2], { hidden, latent: tanh, output: sigmoid }, uniform, rng);
  const r = fit(reconstructionStep(ae, loss), { inputs: DATA, targets: DATA }, { optimizer, updater, epochs: 25, rng });
  return { weights: ae.params.flatMap((p) => Array.from(p.value)), history: r.history };
}

describe('the WebAssembly SIMD route trains to the same bits as the plain TypeScript route', () => {
  afterEach(() => setWasmEnabled(true));
  const cases: Array<[string, () => Optimizer, Updater]> = [
    ['adam + online', () => new Adam(0.01), online()],
    ['adam + mini-batch of 4', () => new Adam(0.01), miniBatch(4)],
    ['adam (float32) + online', () => new Adam(0.01, 0.9, 0.999, 1e-8, 'float32'), online()],
    ['adam (float32) + mini-batch of 3', () => new Adam(0.01, 0.9, 0.999, 1e-8, 'float32'), miniBatch(3)],
    ['momentum + mini-batch of 5', () => new Momentum(0.05, 0.9), miniBatch(5)],
    ['gd + batch', () => new GradientDescent(0.5), batch()],
  ];
  for (const [name, optimizer, updater] of cases) {
    it(name, () => {
      expect(wasmArena()).toBeDefined(); // Node >= 20: SIMD and shared memory are there
      setWasmEnabled(true);
      const simd = train(optimizer(), updater);
      setWasmEnabled(false);
      expect(wasmArena()).toBeUndefined();
      const plain = train(optimizer(), updater);
      expect(simd.weights).toEqual(plain.weights); // toEqual on numbers: Object.is per element, bit for bit
      expect(simd.history).toEqual(plain.history);
      expect(simd.history.at(-1)!).toBeLessThan(simd.history[0]!); // and it trained
    });
  }

  for (const [name, hidden] of [['relu', new Relu()], ['leaky relu', new Relu(0.05)]] as const) {
    it(`${name} + bce, adam + mini-batch of 4 (the per-element kernels run on the wasm route only)`, () => {
      setWasmEnabled(true);
      const before = elementwiseCalls();
      const simd = train(new Adam(0.01), miniBatch(4), hidden, new BinaryCrossEntropy('mean'));
      const used = elementwiseCalls() - before;
      // 3 batches × 25 epochs; per step 6 layers × (fillRows, columnSums, activation backward,
      // ReLU forward on 4 of them) and the loss value and gradient.
      expect(used).toBeGreaterThanOrEqual(75 * (6 * 3 + 4 + 2));
      setWasmEnabled(false);
      const plain = train(new Adam(0.01), miniBatch(4), hidden, new BinaryCrossEntropy('mean'));
      expect(elementwiseCalls() - before).toBe(used);
      expect(simd.weights).toEqual(plain.weights);
      expect(simd.history).toEqual(plain.history);
      expect(simd.history.at(-1)!).toBeLessThan(simd.history[0]!);
    });
  }
});

describe('Adam with precision float32', () => {
  it('trains like float64 to about 5 digits over 275 steps', () => {
    const f64 = train(new Adam(0.01), online());
    const f32 = train(new Adam(0.01, 0.9, 0.999, 1e-8, 'float32'), online());
    expect(f32.weights).not.toEqual(f64.weights); // it is another computation…
    // …whose every step is within float32 rounding (relative ~6e-8 per operation) of the float64
    // step; over 25 epochs of 11 steps the difference grows to a few 1e-5 on weights of size ~0.5
    // (measured 2e-5) and the losses agree to 5 digits.
    let worst = 0;
    for (let i = 0; i < f64.weights.length; i++) worst = Math.max(worst, Math.abs(f32.weights[i]! - f64.weights[i]!));
    expect(worst).toBeLessThan(1e-4);
    for (let e = 0; e < f64.history.length; e++) expect(Math.abs(f32.history[e]! - f64.history[e]!) / f64.history[e]!).toBeLessThan(1e-5);
  });
});
