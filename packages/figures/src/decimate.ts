/** The default most points per series that a chart spec carries. */
export const MAX_POINTS = 2000;

/** How many buckets `decimationIndices` cuts the samples into for `seriesCount` series. */
export function bucketCount(seriesCount: number, maxPoints: number = MAX_POINTS): number {
  // Each bucket keeps up to 2 indices per series; the -2 leaves room for the two ends.
  return Math.max(1, Math.floor((maxPoints - 2) / Math.max(1, 2 * seriesCount)));
}

/**
 * Which indices of `length` samples to keep so that a line drawn through them looks like the
 * line through all of them: the samples are cut into equal buckets of consecutive indices and
 * each series keeps, per bucket, the index of its smallest and of its largest value (min/max
 * decimation, which keeps every spike and dip that a plain stride would skip); the first and the
 * last index are always kept. The indices are shared by every series (their union), so all
 * series have values at the same epochs, and there are at most `maxPoints` of them.
 * When everything fits, every index is kept. Non-finite values are skipped when picking.
 */
export function decimationIndices(series: readonly (readonly number[])[], length: number, maxPoints: number = MAX_POINTS): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const buckets = bucketCount(series.length, maxPoints);
  const keep = new Set<number>([0, length - 1]);
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * length) / buckets);
    const hi = Math.floor(((b + 1) * length) / buckets);
    for (const values of series) {
      let min = -1, max = -1;
      for (let i = lo; i < hi && i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isFinite(v)) continue;
        if (min < 0 || v < values[min]!) min = i;
        if (max < 0 || v > values[max]!) max = i;
      }
      if (min >= 0) keep.add(min);
      if (max >= 0) keep.add(max);
    }
  }
  return [...keep].sort((a, b) => a - b);
}
