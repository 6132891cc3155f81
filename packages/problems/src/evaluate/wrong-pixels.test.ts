import { describe, it, expect } from 'vitest';
import { Matrix } from '@sia/core';
import { countWrongPixels } from './wrong-pixels.js';

describe('countWrongPixels', () => {
  it('thresholds outputs at 0.5 and counts mismatches per row', () => {
    const target = Matrix.from([[1, 0, 1], [0, 0, 0]]);
    // row 0: 0.6 ink ok, 0.7 should be blank (wrong), 0.4 should be ink (wrong) -> 2
    // row 1: 0.5 is not ink (strictly greater), 0.2, 0.51 is ink (wrong) -> 1
    const out = Matrix.from([[0.6, 0.7, 0.4], [0.5, 0.2, 0.51]]);
    const counts = new Int32Array(2);
    expect(countWrongPixels(out, target, counts)).toEqual({ max: 2, total: 3 });
    expect(Array.from(counts)).toEqual([2, 1]);
  });
});
