import { describe, it, expect } from 'vitest';
import { klWeight } from './warmup.js';

describe('klWeight (linear KL warm-up)', () => {
  it('rises linearly from 0 at epoch 1 to beta at epoch warmup + 1, then stays', () => {
    // beta 2, warm-up over 4 epochs: w(e) = 2·min(1, (e − 1)/4) = 0, 0.5, 1, 1.5, 2, 2, ...
    expect([1, 2, 3, 4, 5, 6, 100].map((e) => klWeight(e, 2, 4))).toEqual([0, 0.5, 1, 1.5, 2, 2, 2]);
  });

  it('is beta from the first epoch when warm-up is off', () => {
    expect([1, 2, 50].map((e) => klWeight(e, 0.25, 0))).toEqual([0.25, 0.25, 0.25]);
  });
});
