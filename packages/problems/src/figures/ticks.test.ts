import { describe, expect, it } from 'vitest';
import { decadeRange, decimalsFor, formatFixed, formatNumber, linearTicks, logTicks, niceRange, niceStep } from './ticks.js';

describe('ticks', () => {
  it('picks 1-2-5 steps', () => {
    expect(niceStep(10, 5)).toBe(2); // raw 2
    expect(niceStep(1000, 6)).toBe(200); // raw 166.7 -> 2e2
    expect(niceStep(0.8, 5)).toBeCloseTo(0.2, 12); // raw 0.16 -> 0.2
    expect(niceStep(7, 2)).toBe(5); // raw 3.5 -> 5
    expect(niceStep(0, 5)).toBe(1);
  });

  it('widens a range to whole steps', () => {
    expect(niceRange(-3.7, 3.2, 6)).toEqual([-4, 4]); // step 1
    expect(niceRange(2, 2)).toEqual([1.8, 2.2]); // +-10%, step 0.1
  });

  it('labels linear ticks with as many decimals as the step needs', () => {
    expect(linearTicks(-4, 4, 4).map((t) => t.label)).toEqual(['-4', '-2', '0', '2', '4']);
    expect(linearTicks(0, 1, 4).map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(linearTicks(1, 1000, 6, true).map((t) => t.value)).toEqual([200, 400, 600, 800, 1000]);
    expect(linearTicks(0, 3, 10, true).map((t) => t.value)).toEqual([0, 1, 2, 3]); // integer steps only
  });

  it('puts a labelled tick at each decade of a log axis and minor ticks between', () => {
    const ticks = logTicks(1e-3, 10);
    expect(ticks.filter((t) => !t.minor).map((t) => t.label)).toEqual(['0.001', '0.01', '0.1', '1', '10']);
    expect(ticks.filter((t) => t.minor).length).toBe(4 * 8);
  });

  it('labels 2 and 5 on a short log axis, and uses exponents far from 1', () => {
    expect(logTicks(0.1, 10).filter((t) => t.label).map((t) => t.label)).toEqual(['0.1', '0.2', '0.5', '1', '2', '5', '10']);
    expect(logTicks(1e-6, 1e-2).filter((t) => !t.minor).map((t) => t.label)).toEqual(['1e-6', '1e-5', '1e-4', '1e-3', '1e-2']);
  });

  it('widens a log range to whole decades', () => {
    expect(decadeRange(0.0023, 0.4)).toEqual([0.001, 1]);
    expect(decadeRange(1, 1)).toEqual([1, 10]);
  });

  it('formats numbers briefly', () => {
    expect(formatFixed(-0.0001, 2)).toBe('0.00');
    expect(decimalsFor(0.25)).toBe(2);
    expect(decimalsFor(5)).toBe(0);
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(1.5e-5)).toBe('1.5e-5');
    expect(formatNumber(123456)).toBe('1.23e5');
  });
});
