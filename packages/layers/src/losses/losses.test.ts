import { describe, it, expect } from 'vitest';
import { Matrix, checkLossGradient, createRng } from '@sia/core';
import { BinaryCrossEntropy } from './bce.js';
import { MeanSquaredError } from './mse.js';

function predictions(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'pred');
  const p = new Matrix(rows, cols);
  for (let i = 0; i < p.data.length; i++) p.data[i] = 0.02 + 0.96 * rng.uniform();
  return p;
}

function binaryTargets(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'target');
  const t = new Matrix(rows, cols);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.uniform() < 0.5 ? 0 : 1;
  return t;
}

describe('mse', () => {
  it('matches hand-computed values for both reductions', () => {
    // p = [[0.5, 1], [0, 0.25]], t = [[1, 1], [0, 0]]: squared errors 0.25, 0, 0, 0.0625, sum 0.3125
    const p = Matrix.from([[0.5, 1], [0, 0.25]]);
    const t = Matrix.from([[1, 1], [0, 0]]);
    expect(new MeanSquaredError('mean').value(p, t)).toBeCloseTo(0.3125 / 4, 15); // 4 elements
    expect(new MeanSquaredError('sum').value(p, t)).toBeCloseTo(0.3125 / 2, 15); // 2 rows
    // gradient 2(p − t)/4 = [[−0.25, 0], [0, 0.125]] for 'mean'
    const g = new Matrix(2, 2);
    new MeanSquaredError().gradient(p, t, g);
    expect(g.toArrays()).toEqual([[-0.25, 0], [0, 0.125]]);
  });

  for (const reduction of ['mean', 'sum'] as const) {
    it(`gradient passes finite differences (${reduction})`, () => {
      const r = checkLossGradient(new MeanSquaredError(reduction), predictions(5, 7, 1), predictions(5, 7, 2));
      expect(r.maxRelativeError).toBeLessThan(1e-6);
    });
  }
});

describe('bce', () => {
  it('matches hand-computed values for both reductions', () => {
    // p = [[0.9, 0.2]], t = [[1, 0]]: −ln 0.9 − ln 0.8 = 0.10536051565782628 + 0.2231435513142097
    const p = Matrix.from([[0.9, 0.2]]);
    const t = Matrix.from([[1, 0]]);
    const sum = -Math.log(0.9) - Math.log(0.8);
    expect(new BinaryCrossEntropy('mean').value(p, t)).toBeCloseTo(sum / 2, 14);
    expect(new BinaryCrossEntropy('sum').value(p, t)).toBeCloseTo(sum, 14);
    // Soft target 0.3 at p = 0.6: −(0.3 ln 0.6 + 0.7 ln 0.4)
    expect(new BinaryCrossEntropy('sum').value(Matrix.from([[0.6]]), Matrix.from([[0.3]]))).toBeCloseTo(-(0.3 * Math.log(0.6) + 0.7 * Math.log(0.4)), 14);
    // gradient (p − t)/(p(1 − p)) / 2: (0.9 − 1)/(0.09)/2 = −0.5555…, (0.2)/(0.16)/2 = 0.625
    const g = new Matrix(1, 2);
    new BinaryCrossEntropy().gradient(p, t, g);
    expect(g.data[0]).toBeCloseTo(-0.1 / 0.09 / 2, 12);
    expect(g.data[1]).toBeCloseTo(0.2 / 0.16 / 2, 12);
  });

  it('stays finite on saturated predictions (clamped to [1e-7, 1 − 1e-7])', () => {
    const p = Matrix.from([[0, 1, 1, 0]]);
    const t = Matrix.from([[1, 0, 1, 0]]);
    const bce = new BinaryCrossEntropy('sum');
    // Two wrong saturated outputs cost −ln(1e-7) each (≈ 16.118); the right ones ≈ 1e-7 each.
    expect(bce.value(p, t)).toBeCloseTo(-2 * Math.log(1e-7) - 2 * Math.log(1 - 1e-7), 6);
    const g = new Matrix(1, 4);
    bce.gradient(p, t, g);
    for (const v of g.data) expect(Number.isFinite(v)).toBe(true);
    expect(g.data[0]).toBeLessThan(0); // pushes the wrong 0 up
    expect(g.data[1]).toBeGreaterThan(0); // pushes the wrong 1 down
  });

  for (const reduction of ['mean', 'sum'] as const) {
    it(`gradient passes finite differences, binary and soft targets (${reduction})`, () => {
      const bce = new BinaryCrossEntropy(reduction);
      // −ln p is sharply curved near 0: the central difference's truncation error relative to the
      // derivative is h²·|f'''/f'|/6 = h²/(3p²), 8e-6 at p = 0.02 with the default h = 1e-4,
      // so a smaller step (round-off is small here: the loss is a few units).
      const step = 1e-5;
      expect(checkLossGradient(bce, predictions(5, 7, 3), binaryTargets(5, 7, 4), { step }).maxRelativeError).toBeLessThan(1e-6);
      expect(checkLossGradient(bce, predictions(5, 7, 5), predictions(5, 7, 6), { step }).maxRelativeError).toBeLessThan(1e-6);
    });
  }
});
