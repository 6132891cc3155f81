import { describe, it, expect } from 'vitest';
import { lineCodes } from './interpolate.js';

describe('lineCodes', () => {
  it('spaces the points evenly from a to b, both ends included', () => {
    // a = (0, 4), b = (3, −2), 4 steps: t = 0, 1/3, 2/3, 1 → (0, 4), (1, 2), (2, 0), (3, −2)
    const z = lineCodes([0, 4], [3, -2], 4).toArrays();
    expect(z.map((r) => r.map((v) => Number(v.toFixed(12))))).toEqual([[0, 4], [1, 2], [2, 0], [3, -2]]);
  });
});
