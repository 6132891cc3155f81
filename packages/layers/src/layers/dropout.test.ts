import { describe, it, expect } from 'vitest';
import { Matrix, checkLayerGradients, createRng } from '@sia/core';
import { Dropout } from './dropout.js';

function ones(rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, new Float64Array(rows * cols).fill(1));
}

describe('Dropout', () => {
  it('is the identity at evaluation, drawing nothing', () => {
    const noise = createRng(1);
    const d = new Dropout(6, 0.5, noise);
    const x = ones(2, 6);
    expect(d.forward(x)).toBe(x);
    expect(d.backward(x)).toBe(x);
    expect(noise.uniform()).toBe(createRng(1).uniform()); // the stream was not touched
  });

  it('in training keeps each value with probability 1 - rate, scaled by 1/(1 - rate)', () => {
    const d = new Dropout(1000, 0.25, createRng(3));
    const y = d.forward(ones(20, 1000), true);
    let kept = 0;
    for (const v of y.data) {
      expect(v === 0 || Math.abs(v - 4 / 3) < 1e-15).toBe(true);
      if (v !== 0) kept++;
    }
    expect(kept / y.data.length).toBeGreaterThan(0.74);
    expect(kept / y.data.length).toBeLessThan(0.76);
  });

  it('draws from its stream: the same seed gives the same mask, another seed another', () => {
    const mask = (seed: number) => Array.from(new Dropout(50, 0.5, createRng(seed)).forward(ones(1, 50), true).data);
    expect(mask(7)).toEqual(mask(7));
    expect(mask(7)).not.toEqual(mask(8));
  });

  it('backward multiplies by the same mask (finite differences, mask held fixed)', () => {
    const d = new Dropout(5, 0.4, createRng(4));
    const x = new Matrix(3, 5, Float64Array.from({ length: 15 }, (_, i) => Math.sin(i + 1)));
    const y = d.forward(x, true).clone();
    const g = d.backward(new Matrix(3, 5, new Float64Array(15).fill(1)));
    for (let i = 0; i < 15; i++) expect(g.data[i]).toBeCloseTo(y.data[i]! / x.data[i]!, 12);
    // Eval mode is the identity, whose gradient the checker confirms too.
    expect(checkLayerGradients(d, x).maxRelativeError).toBeLessThan(1e-9);
  });

  it('refuses a rate outside [0, 1)', () => {
    expect(() => new Dropout(3, 1, createRng(1))).toThrow(/rate/);
  });
});
