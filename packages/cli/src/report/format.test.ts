import { describe, expect, it } from 'vitest';
import { epochRate, formatDuration, formatNumber, formatProgress, timeLeftMs } from './format.js';

describe('formatDuration', () => {
  it('uses ms below a second, seconds below a minute, then m/s and h/m', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    // 125 s = 2 min 5 s
    expect(formatDuration(125_000)).toBe('2m05s');
    // 3720 s = 1 h 2 min
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});

describe('formatNumber', () => {
  it('keeps four significant digits and switches to exponents for tiny or huge values', () => {
    expect(formatNumber(0.0123456)).toBe('0.01235');
    expect(formatNumber(3.2e-7)).toBe('3.200e-7');
    expect(formatNumber(2.5e7 + 0.5)).toBe('2.500e+7');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('-Infinity');
  });
});

describe('progress figures', () => {
  // 120 epochs in 2 s -> 60 epochs/s; 880 left at 60/s -> 14.67 s.
  const p = { epoch: 120, epochs: 1000, loss: 0.5, elapsedMs: 2000 };

  it('derives rate and time left from the average so far', () => {
    expect(epochRate(p)).toBeCloseTo(60, 12);
    expect(timeLeftMs(p)).toBeCloseTo(14_666.67, 1);
    expect(epochRate({ ...p, elapsedMs: 0 })).toBeUndefined();
  });

  it('prints epoch, loss, rate, ETA and extras on one line', () => {
    expect(formatProgress({ ...p, extra: { wrong: 3 } })).toBe('epoch 120/1000  loss 0.5  60 epochs/s  ETA 14.7 s  wrong 3');
    expect(formatProgress({ ...p, elapsedMs: 0 })).toBe('epoch 120/1000  loss 0.5');
  });
});
