import { describe, it, expect } from 'vitest';
import { batch } from './batch.js';
import { miniBatch } from './mini-batch.js';
import { online } from './online.js';

describe('updaters', () => {
  it('online: batches of one, shuffled', () => {
    expect(online().batchSize(32)).toBe(1);
    expect(online().shuffle).toBe(true);
    expect(online(false).shuffle).toBe(false);
  });

  it('batch: the whole set, in order', () => {
    expect(batch().batchSize(32)).toBe(32);
    expect(batch().shuffle).toBe(false);
  });

  it('mini-batch: batchSize items, capped at the set size, shuffled', () => {
    expect(miniBatch().batchSize(32)).toBe(8);
    expect(miniBatch(5).batchSize(32)).toBe(5);
    expect(miniBatch(50).batchSize(32)).toBe(32);
    expect(miniBatch().shuffle).toBe(true);
    expect(() => miniBatch(0)).toThrow(RangeError);
    expect(() => miniBatch(2.5)).toThrow(RangeError);
  });
});
