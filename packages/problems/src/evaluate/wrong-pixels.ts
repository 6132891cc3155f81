import type { AnyMatrix } from '@sia/core';

/** Per-item wrong-pixel counts of one comparison, and their maximum and sum. */
export interface WrongPixelCount {
  max: number;
  total: number;
}

/**
 * Counts, for each row, the pixels whose thresholded output (> threshold is ink) differs from
 * the binary target (> threshold is ink). Writes counts into `out` (length = rows); no allocation.
 */
export function countWrongPixels(output: AnyMatrix, target: AnyMatrix, out: Int32Array, threshold = 0.5): WrongPixelCount {
  const cols = output.cols;
  const o = output.data;
  const t = target.data;
  let max = 0;
  let total = 0;
  for (let i = 0; i < output.rows; i++) {
    let wrong = 0;
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      if (o[base + j]! > threshold !== t[base + j]! > threshold) wrong++;
    }
    out[i] = wrong;
    if (wrong > max) max = wrong;
    total += wrong;
  }
  return { max, total };
}
