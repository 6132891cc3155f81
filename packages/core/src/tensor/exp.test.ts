import { describe, it, expect } from 'vitest';
import { expFast } from './exp.js';

describe('expFast', () => {
  it('is within 1e-15 relative of Math.exp over the whole normal range', () => {
    let worst = 0;
    // A deterministic sweep: 300,001 points over [−708, 709] plus a fine grid over [−2, 2].
    const check = (x: number): void => {
      const a = Math.exp(x);
      worst = Math.max(worst, Math.abs(expFast(x) - a) / a);
    };
    for (let i = 0; i <= 300_000; i++) check(-708 + (1417 * i) / 300_000);
    for (let i = 0; i <= 40_000; i++) check(-2 + i / 10_000);
    expect(worst).toBeLessThan(1e-15);
  });

  it('gets the special values right', () => {
    expect(expFast(0)).toBe(1);
    expect(expFast(1)).toBeCloseTo(Math.E, 15);
    expect(expFast(710)).toBe(Number.POSITIVE_INFINITY);
    expect(expFast(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(expFast(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(expFast(-746)).toBe(0);
    expect(expFast(-740)).toBe(Math.exp(-740)); // subnormal results come from Math.exp
    expect(Number.isNaN(expFast(Number.NaN))).toBe(true);
    expect(Math.abs(expFast(709.78) / Math.exp(709.78) - 1)).toBeLessThan(1e-15); // top of the range
  });
});

describe('the exp table is exact literals', () => {
  it('holds 2^(j/32) within one ulp of the correctly rounded values, and is written out, not computed', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('./exp.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/TABLE\[j\] = 2 \*\*/);
    // Correctly rounded 2^(j/32) for the four entries where engines' pow differ (from 60-digit arithmetic).
    const rounded: Record<number, number> = { 15: 1.383909881963832, 20: 1.5422108254079407, 23: 1.645755478153965, 24: 1.681792830507429 };
    for (let j = 0; j < 32; j++) {
      const x = expFast((j / 32) * Math.LN2);
      expect(Math.abs(x - 2 ** (j / 32)) / 2 ** (j / 32)).toBeLessThan(1e-15);
    }
    for (const [j, v] of Object.entries(rounded)) expect(Math.abs(v - 2 ** (Number(j) / 32))).toBeLessThanOrEqual(Number.EPSILON * 2);
  });
});
