import { describe, it, expect } from 'vitest';
import { Matrix, checkActivationGradient, createRng } from '@sia/core';
import { Linear } from './linear.js';
import { Logistic } from './logistic.js';
import { Relu } from './relu.js';
import { Tanh } from './tanh.js';

/** Pre-activations spread over [−3, 3], none within 1e-3 of 0 (ReLU's kink). */
function preActivations(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'z');
  const z = new Matrix(rows, cols);
  for (let i = 0; i < z.data.length; i++) {
    let v = 0;
    while (Math.abs(v) < 1e-3) v = rng.uniform() * 6 - 3;
    z.data[i] = v;
  }
  return z;
}

function apply(act: { forward(z: Matrix, y: Matrix): void }, values: number[]): number[] {
  const z = Matrix.from([values]);
  const y = new Matrix(1, values.length);
  act.forward(z, y);
  return Array.from(y.data);
}

describe('activation values', () => {
  it('tanh(beta*x)', () => {
    // tanh(0.5·2) = tanh(1) = 0.7615941559557649
    expect(apply(new Tanh(0.5), [2])[0]).toBeCloseTo(0.7615941559557649, 15);
    const y = apply(new Tanh(), [0, 1, -1]);
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(Math.tanh(1), 15);
    expect(y[2]).toBeCloseTo(-Math.tanh(1), 15);
  });

  it('tanh is within 4e-16 of Math.tanh everywhere and saturates exactly', () => {
    const xs = Array.from({ length: 20001 }, (_, i) => (i - 10000) / 1000); // [−10, 10] step 1e-3
    const y = apply(new Tanh(), xs);
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs(y[i]! - Math.tanh(xs[i]!)));
    expect(worst).toBeLessThan(4e-16);
    expect(apply(new Tanh(3), [-1000, 1000, Number.NaN])).toEqual([-1, 1, Number.NaN]);
  });

  it('logistic 1/(1+exp(-2*beta*x))', () => {
    // β = 1, x = 0.5: 1/(1+e^−1) = 0.7310585786300049; β = 0.5 is the standard sigmoid.
    expect(apply(new Logistic(1), [0.5])[0]).toBeCloseTo(0.7310585786300049, 15);
    expect(apply(new Logistic(0.5), [1])[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(apply(new Logistic(1), [0])[0]).toBe(0.5);
    // Saturates to exact limits without NaN.
    expect(apply(new Logistic(1), [-1000, 1000])).toEqual([0, 1]);
  });

  it('relu and leaky relu; linear', () => {
    expect(apply(new Relu(), [-2, 0, 3])).toEqual([0, 0, 3]);
    expect(apply(new Relu(0.1), [-2, 3])).toEqual([-0.2, 3]);
    expect(apply(new Linear(), [-2, 0, 3])).toEqual([-2, 0, 3]);
  });

  it('may write in place (output aliasing input)', () => {
    const z = Matrix.from([[0.3, -0.4]]);
    new Tanh(2).forward(z, z);
    expect(z.data[0]).toBeCloseTo(Math.tanh(0.6), 15);
    expect(z.data[1]).toBeCloseTo(Math.tanh(-0.8), 15);
  });
});

describe('activation gradients (finite differences)', () => {
  const cases = [
    ...[0.25, 0.5, 1, 2].map((b) => [`tanh beta=${b}`, new Tanh(b)] as const),
    ...[0.25, 0.5, 1, 2].map((b) => [`logistic beta=${b}`, new Logistic(b)] as const),
    ['relu', new Relu()] as const,
    ['leaky relu 0.01', new Relu(0.01)] as const,
    ['leaky relu 0.3', new Relu(0.3)] as const,
    ['linear', new Linear()] as const,
  ];
  for (const [name, act] of cases) {
    it(name, () => {
      const r = checkActivationGradient(act, preActivations(4, 9, name.length));
      expect(r.checked).toBe(36);
      expect(r.maxRelativeError).toBeLessThan(1e-6);
    });
  }

  it('tanh backward is the derivative d/dz tanh(βz) = β(1 − y²) by hand', () => {
    // β = 2, z = 0.1: y = tanh(0.2); dz = dy · 2 · (1 − tanh(0.2)²) with dy = 3
    const z = Matrix.from([[0.1]]);
    const y = new Matrix(1, 1);
    const dz = new Matrix(1, 1);
    const t = new Tanh(2);
    t.forward(z, y);
    t.backward(z, y, Matrix.from([[3]]), dz);
    expect(dz.data[0]).toBeCloseTo(3 * 2 * (1 - Math.tanh(0.2) ** 2), 14);
  });
});
