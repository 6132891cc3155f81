import { describe, it, expect } from 'vitest';
import { BestWeights } from './best-weights.js';

describe('BestWeights', () => {
  it('keeps the lexicographically lowest score and restores its weights', () => {
    const p = { name: 'w', value: new Float64Array([1, 2]), grad: new Float64Array(2) };
    const best = new BestWeights([p]);
    expect(best.offer([3, 10, 0.5], 1)).toBe(true);
    p.value.set([5, 6]);
    // [2, 20] beats [3, 10]: the first entry decides
    expect(best.offer([2, 20, 0.9], 2)).toBe(true);
    p.value.set([7, 8]);
    // equal first entry, higher second: worse
    expect(best.offer([2, 21, 0.1], 3)).toBe(false);
    p.value.set([9, 9]);
    best.restore();
    expect(Array.from(p.value)).toEqual([5, 6]);
    expect(best.epoch).toBe(2);
  });
});
