import { describe, it, expect } from 'vitest';
import { Matrix, createRng } from '@sia/core';
import { GlorotInitializer } from './glorot.js';
import { HeInitializer } from './he.js';
import { UniformInitializer } from './uniform.js';

function stats(w: Matrix): { min: number; max: number; mean: number; variance: number } {
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const v of w.data) { s += v; s2 += v * v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = s / w.data.length;
  return { min, max, mean, variance: s2 / w.data.length - mean * mean };
}

describe('initializers', () => {
  it('uniform fills [min, max) with variance (max − min)²/12', () => {
    const w = new Matrix(200, 100);
    new UniformInitializer().init(w, createRng(1));
    const s = stats(w);
    expect(s.min).toBeGreaterThanOrEqual(-1);
    expect(s.max).toBeLessThan(1);
    expect(Math.abs(s.mean)).toBeLessThan(0.02);
    expect(s.variance).toBeCloseTo(4 / 12, 2); // (1 − (−1))²/12 = 1/3
    new UniformInitializer(2, 3).init(w, createRng(1));
    expect(stats(w).min).toBeGreaterThanOrEqual(2);
    expect(() => new UniformInitializer(1, 1)).toThrow(RangeError);
  });

  it('glorot: bound gain·√(6/(in + out)), variance gain²·2/(in + out)', () => {
    // 100 outputs × 300 inputs: bound √(6/400) = 0.12247; variance 2/400 = 0.005
    const w = new Matrix(100, 300);
    new GlorotInitializer().init(w, createRng(2));
    const s = stats(w);
    expect(s.max).toBeLessThanOrEqual(Math.sqrt(6 / 400));
    expect(s.min).toBeGreaterThanOrEqual(-Math.sqrt(6 / 400));
    expect(s.variance).toBeCloseTo(0.005, 3);
    new GlorotInitializer(2, 'normal').init(w, createRng(2));
    expect(stats(w).variance / (4 * 0.005)).toBeCloseTo(1, 1); // gain 2 => ×4
  });

  it('he: variance gain²/fan_in', () => {
    // fan_in 200, gain √2: variance 2/200 = 0.01
    const w = new Matrix(150, 200);
    new HeInitializer().init(w, createRng(3));
    expect(stats(w).variance / 0.01).toBeCloseTo(1, 1);
    new HeInitializer(1, 'normal').init(w, createRng(3));
    expect(stats(w).variance / 0.005).toBeCloseTo(1, 1);
  });

  it('same stream => same weights', () => {
    const a = new Matrix(3, 4), b = new Matrix(3, 4);
    new GlorotInitializer().init(a, createRng(9, 'x'));
    new GlorotInitializer().init(b, createRng(9, 'x'));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
});
