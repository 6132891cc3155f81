import { describe, expect, it } from 'vitest';
import { decimationIndices } from './decimate.js';

describe('decimationIndices', () => {
  it('keeps every index when the series fit', () => {
    expect(decimationIndices([[3, 1, 2]], 3, 10)).toEqual([0, 1, 2]);
  });

  it('keeps at most maxPoints indices, both ends, and every bucket minimum and maximum', () => {
    // 28,000 epochs of a noisy decreasing curve with one spike at 12,345 and one dip at 20,001.
    const n = 28_000;
    const loss = Array.from({ length: n }, (_, i) => 1 / (1 + i / 100) + 0.01 * Math.sin(i * 1.7));
    loss[12_345] = 5;
    loss[20_001] = -1;
    const kl = Array.from({ length: n }, (_, i) => 0.5 + 0.001 * Math.cos(i));
    const kept = decimationIndices([loss, kl], n, 2000);
    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept.length).toBeGreaterThan(1500);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(n - 1);
    expect(kept).toContain(12_345);
    expect(kept).toContain(20_001);
    // Sorted, no repeats.
    expect(kept.every((v, i) => i === 0 || v > kept[i - 1]!)).toBe(true);
    // The kept points span the same value range as the whole series.
    const range = (v: number[]): [number, number] => [Math.min(...v), Math.max(...v)];
    expect(range(kept.map((i) => loss[i]!))).toEqual(range(loss));
    expect(range(kept.map((i) => kl[i]!))).toEqual(range(kl));
  });
});
