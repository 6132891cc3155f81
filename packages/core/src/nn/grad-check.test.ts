import { describe, it, expect } from 'vitest';
import { Matrix } from '../tensor/matrix.js';
import { checkActivationGradient, checkGradients, checkLossGradient, relativeError } from './grad-check.js';
import { mse, tanh } from './__fixtures__/components.js';
import type { Activation, Loss } from './types.js';

describe('finite-difference checker', () => {
  it('relativeError is |a − n| / max(|a|, |n|, floor)', () => {
    expect(relativeError(1, 1)).toBe(0);
    expect(relativeError(1.1, 1)).toBeCloseTo(0.1 / 1.1, 12);
    expect(relativeError(0, 1e-12, 1e-7)).toBeCloseTo(1e-5, 12);
  });

  it('finds the derivative of a known function and restores the values', () => {
    // L(a, b) = a²·b  =>  ∂L/∂a = 2ab = 12, ∂L/∂b = a² = 9 at (a, b) = (3, 2)
    const v = new Float64Array([3, 2]);
    const r = checkGradients(() => v[0]! * v[0]! * v[1]!, [{ name: 'v', value: v, grad: new Float64Array([12, 9]) }]);
    expect(r.maxRelativeError).toBeLessThan(1e-9);
    expect(Array.from(v)).toEqual([3, 2]);
    expect(r.checked).toBe(2);
  });

  it('catches a wrong activation derivative', () => {
    const wrong: Activation = { ...tanh, backward: (_z, y, dy, dz) => { for (let i = 0; i < y.data.length; i++) dz.data[i] = dy.data[i]! * (1 - y.data[i]!); } };
    const z = Matrix.from([[0.3, -0.7, 1.2], [0.1, 0.5, -1.5]]);
    expect(checkActivationGradient(tanh, z).maxRelativeError).toBeLessThan(1e-7);
    const bad = checkActivationGradient(wrong, z);
    expect(bad.maxRelativeError).toBeGreaterThan(0.1);
    expect(bad.worst.tensor).toBe('z');
  });

  it('catches a loss gradient off by a constant factor', () => {
    const half: Loss = { ...mse, gradient: (p, t, g) => { mse.gradient(p, t, g); for (let i = 0; i < g.data.length; i++) g.data[i]! *= 0.5; } };
    const p = Matrix.from([[0.2, 0.9], [0.4, 0.1]]);
    const t = Matrix.from([[0, 1], [1, 0]]);
    expect(checkLossGradient(mse, p, t).maxRelativeError).toBeLessThan(1e-7);
    // analytic = numeric / 2  =>  relative error 0.5
    expect(checkLossGradient(half, p, t).maxRelativeError).toBeCloseTo(0.5, 5);
  });

  it('reports a NaN derivative as an infinite error', () => {
    const v = new Float64Array([1]);
    const r = checkGradients(() => v[0]!, [{ name: 'v', value: v, grad: new Float64Array([Number.NaN]) }]);
    expect(r.maxRelativeError).toBe(Number.POSITIVE_INFINITY);
  });

  it('samples evenly when maxPerTensor is set', () => {
    const v = new Float64Array(100).fill(1);
    const r = checkGradients(() => v.reduce((a, b) => a + b, 0), [{ name: 'v', value: v, grad: new Float64Array(100).fill(1) }], { maxPerTensor: 10 });
    expect(r.checked).toBe(10);
    expect(r.maxRelativeError).toBeLessThan(1e-8);
  });
});
