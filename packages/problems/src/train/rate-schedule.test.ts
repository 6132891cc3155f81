import { describe, it, expect } from 'vitest';
import { scheduledRate } from './rate-schedule.js';

describe('scheduledRate', () => {
  it('constant keeps the initial rate', () => {
    expect(scheduledRate({ type: 'constant' }, 0.01, 1, 100)).toBe(0.01);
    expect(scheduledRate({ type: 'constant' }, 0.01, 100, 100)).toBe(0.01);
  });

  it('cosine: r0 at the first epoch, the midpoint halfway, final at the last', () => {
    // r0 = 0.01, f = 0.001, E = 101: t = (e − 1)/100
    // e = 1: t = 0, (1 + cos 0)/2 = 1 → 0.01;  e = 51: t = 0.5, cos(π/2) = 0 → 0.001 + 0.009/2 = 0.0055
    // e = 26: t = 0.25, (1 + √2/2)/2 = 0.8535533906 → 0.001 + 0.009·0.8535533906 = 0.0086819805
    // e = 101: t = 1, cos π = −1 → 0.001
    const s = { type: 'cosine', final: 0.001 } as const;
    expect(scheduledRate(s, 0.01, 1, 101)).toBeCloseTo(0.01, 15);
    expect(scheduledRate(s, 0.01, 26, 101)).toBeCloseTo(0.0086819805153, 12);
    expect(scheduledRate(s, 0.01, 51, 101)).toBeCloseTo(0.0055, 15);
    expect(scheduledRate(s, 0.01, 101, 101)).toBeCloseTo(0.001, 15);
  });

  it('exponential: geometric from r0 to final', () => {
    // r0 = 0.01, f = 0.0001, E = 3: e = 2 is t = 0.5 → 0.01·(0.01)^0.5 = 0.001
    const s = { type: 'exponential', final: 0.0001 } as const;
    expect(scheduledRate(s, 0.01, 1, 3)).toBeCloseTo(0.01, 15);
    expect(scheduledRate(s, 0.01, 2, 3)).toBeCloseTo(0.001, 15);
    expect(scheduledRate(s, 0.01, 3, 3)).toBeCloseTo(0.0001, 15);
  });

  it('step: times factor every `every` epochs', () => {
    // every 10, factor 0.5: epochs 1-10 → r0, 11-20 → r0/2, 21 → r0/4
    const s = { type: 'step', every: 10, factor: 0.5 } as const;
    expect(scheduledRate(s, 0.1, 10, 100)).toBe(0.1);
    expect(scheduledRate(s, 0.1, 11, 100)).toBe(0.05);
    expect(scheduledRate(s, 0.1, 21, 100)).toBe(0.025);
  });

  it('a one-epoch run trains at the initial rate', () => {
    expect(scheduledRate({ type: 'cosine', final: 0.001 }, 0.01, 1, 1)).toBeCloseTo(0.01, 15);
  });
});
