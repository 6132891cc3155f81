import { describe, it, expect, afterEach } from 'vitest';
import { Matrix, reconstructionStep, createRng, fit, setWasmEnabled, wasmArena } from '@sia/core';
import type { Activation, Initializer, Optimizer, Precision, Updater } from '@sia/core';
import { BinaryCrossEntropy, Logistic, MeanSquaredError, Relu, Tanh } from '@sia/layers';
import { Adam, GradientDescent, Momentum, batch, miniBatch, online } from '@sia/optimizers';
import { denseStack } from './dense-stack.js';

const tanh = new Tanh();
const relu = new Relu();
const sigmoid = new Logistic(0.5);

const uniform: Initializer = { name: 'uniform', init: (w, rng) => { for (let i = 0; i < w.data.length; i++) w.data[i] = (rng.uniform() * 2 - 1) * 0.5; } };

/** Eleven random binary 37-pixel items: odd sizes, so every kernel's row and column tails run. */
const DATA = (() => {
  const rng = createRng(5, 'data');
  const m = new Matrix(11, 37);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.4 ? 1 : 0;
  return m;
})();

/** 37-21-9-2-9-21-37 (widths with tails mod 4 and mod 8, one below 4), 25 epochs. */
function train(optimizer: Optimizer, updater: Updater, precision: Precision, hidden: Activation = tanh): { weights: number[]; history: number[]; types: string[] } {
  const rng = createRng(3, 'train');
  const ae = denseStack([37, 21, 9, 2], { hidden, latent: tanh, output: sigmoid }, uniform, rng, precision);
  const loss = hidden === relu ? new BinaryCrossEntropy('mean') : new MeanSquaredError('mean');
  const r = fit(reconstructionStep(ae, loss), { inputs: DATA, targets: DATA }, { optimizer, updater, epochs: 25, rng });
  return { weights: ae.params.flatMap((p) => Array.from(p.value)), history: r.history, types: ae.params.map((p) => p.value.constructor.name) };
}

const CASES: Array<[string, () => Optimizer, Updater, Activation]> = [
  ['adam + online', () => new Adam(0.01), online(), tanh],
  ['adam + mini-batch of 4', () => new Adam(0.01), miniBatch(4), tanh],
  ['adam + mini-batch of 3, relu, bce', () => new Adam(0.01), miniBatch(3), relu],
  ['momentum + mini-batch of 5', () => new Momentum(0.05, 0.9), miniBatch(5), tanh],
  ['gd + batch', () => new GradientDescent(0.5), batch(), tanh],
];

describe('a float32 network trains to the same bits on the WebAssembly route and the plain one', () => {
  afterEach(() => setWasmEnabled(true));
  for (const [name, optimizer, updater, hidden] of CASES) {
    it(name, () => {
      setWasmEnabled(true);
      expect(wasmArena()).toBeDefined();
      const simd = train(optimizer(), updater, 'float32', hidden);
      expect(new Set(simd.types)).toEqual(new Set(['Float32Array'])); // weights and biases are float32
      setWasmEnabled(false);
      const plain = train(optimizer(), updater, 'float32', hidden);
      expect(simd.weights).toEqual(plain.weights); // bit for bit (toEqual compares numbers with Object.is)
      expect(simd.history).toEqual(plain.history);
      expect(simd.history.at(-1)!).toBeLessThan(simd.history[0]!); // and it trained
    });
  }
});

describe('float32 training', () => {
  it('is deterministic for a seed', () => {
    const a = train(new Adam(0.01), miniBatch(4), 'float32');
    const b = train(new Adam(0.01), miniBatch(4), 'float32');
    expect(a.weights).toEqual(b.weights);
    expect(a.history).toEqual(b.history);
  });

  it('follows float64 training to float32 accuracy (Adam, 25 epochs of 3 mini-batches)', () => {
    const f64 = train(new Adam(0.01), miniBatch(4), 'float64');
    const f32 = train(new Adam(0.01), miniBatch(4), 'float32');
    expect(f32.weights).not.toEqual(f64.weights); // another computation…
    // …rounded to float32 (relative ~6e-8) at every operation: over 75 steps the weights (of size
    // ~0.5) drift apart by about 1e-6 (measured 9e-7) and the losses agree to about 7 digits
    // (measured 2e-7 relative).
    let worst = 0;
    for (let i = 0; i < f64.weights.length; i++) worst = Math.max(worst, Math.abs(f32.weights[i]! - f64.weights[i]!));
    expect(worst).toBeLessThan(1e-5);
    for (let e = 0; e < f64.history.length; e++) expect(Math.abs(f32.history[e]! - f64.history[e]!) / f64.history[e]!).toBeLessThan(1e-5);
  });
});
