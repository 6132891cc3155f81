import { describe, it, expect } from 'vitest';
import { Matrix, checkLayerGradients, createRng } from '@sia/core';
import { BatchNorm } from './batch-norm.js';
import { MeanSquaredError } from '../losses/mse.js';

function random(rows: number, cols: number, seed: number, scale = 1, shift = 0): Matrix {
  const rng = createRng(seed, 'x');
  return new Matrix(rows, cols, Float64Array.from({ length: rows * cols }, () => (rng.uniform() * 2 - 1) * scale + shift));
}

describe('BatchNorm', () => {
  it('in training normalises every feature to mean 0 and variance 1 over the batch', () => {
    const bn = new BatchNorm([3]);
    const y = bn.forward(random(50, 3, 1, 4, 2), true);
    for (let c = 0; c < 3; c++) {
      let s = 0, s2 = 0;
      for (let r = 0; r < 50; r++) s += y.data[r * 3 + c]!;
      const mean = s / 50;
      for (let r = 0; r < 50; r++) s2 += (y.data[r * 3 + c]! - mean) ** 2;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(s2 / 50).toBeCloseTo(1, 4); // ε = 1e-5 keeps it a hair below 1
    }
  });

  it('normalises per channel of an image, over the batch and every pixel', () => {
    const bn = new BatchNorm([2, 2, 2]);
    // channel 0 holds 1..8, channel 1 holds 10 everywhere
    const x = new Matrix(2, 8, Float64Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? i / 2 + 1 : 10)));
    const y = bn.forward(x, true);
    const inv = 1 / Math.sqrt(5.25 + 1e-5); // variance of 1..8 is 5.25
    expect(y.data[0]).toBeCloseTo((1 - 4.5) * inv, 12);
    expect(y.data[14]).toBeCloseTo((8 - 4.5) * inv, 12);
    expect(y.data[1]).toBe(0);
    expect(Array.from(bn.runningMean)).toEqual([0.45, 1]); // 0.9·0 + 0.1·batch mean
    expect(bn.runningVar[0]).toBeCloseTo(0.9 + 0.1 * 5.25 * (8 / 7), 14); // unbiased, as PyTorch
    expect(bn.runningVar[1]).toBeCloseTo(0.9, 14);
  });

  it('at evaluation uses the running statistics and draws nothing from the batch', () => {
    const bn = new BatchNorm([2], 0.1, 1e-5);
    bn.runningMean.set([1, -1]);
    bn.runningVar.set([4, 0.25]);
    bn.gamma.set([2, 1]);
    bn.beta.set([0, 3]);
    const y = bn.forward(Matrix.from([[3, 0]]));
    expect(y.data[0]).toBeCloseTo((2 * 2) / Math.sqrt(4 + 1e-5), 12);
    expect(y.data[1]).toBeCloseTo(1 / Math.sqrt(0.25 + 1e-5) + 3, 12);
    expect(Array.from(bn.runningMean)).toEqual([1, -1]);
  });

  it('names its parameters and state as PyTorch does', () => {
    const bn = new BatchNorm([4, 4, 3], 0.1, 1e-5, 'encoder.1');
    expect(bn.params.map((p) => [p.name, p.shape])).toEqual([['encoder.1.weight', [3]], ['encoder.1.bias', [3]]]);
    expect(bn.state.map((s) => [s.name, s.shape])).toEqual([['encoder.1.running_mean', [3]], ['encoder.1.running_var', [3]]]);
  });

  it('passes a finite-difference check in training (batch statistics) and at evaluation', () => {
    for (const [shape, rows] of [[[5], 4], [[3, 2, 3], 2]] as const) {
      const size = shape.reduce((a, d) => a * d, 1);
      const bn = new BatchNorm(shape, 0.1, 1e-5, 'bn');
      bn.gamma.set(Array.from({ length: bn.channels }, (_, i) => 0.5 + i * 0.3));
      bn.beta.set(Array.from({ length: bn.channels }, (_, i) => i * 0.1 - 0.2));
      const x = random(rows, size, 3, 2, 0.5);
      // A loss against a target: with the checker's default (a sum of outputs), the batch
      // normalisation's input gradient would be exactly 0.
      const options = { loss: new MeanSquaredError(), target: random(rows, size, 4) };
      const training = checkLayerGradients(bn, x, { ...options, training: true });
      expect(training.maxRelativeError).toBeLessThan(1e-6);
      expect(Object.keys(training.perTensor)).toEqual(['bn.weight', 'bn.bias', 'input']);
      bn.runningVar.set(Array.from({ length: bn.channels }, (_, i) => 1 + i));
      expect(checkLayerGradients(bn, x, options).maxRelativeError).toBeLessThan(1e-6);
    }
  });
});
