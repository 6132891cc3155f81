import type { Matrix, Rng } from '@sia/core';

/**
 * The best possible denoiser for a uniform prior over a known set of glyphs: map each noisy copy
 * to the most likely glyph. For independent flips with p < 1/2 the likelihood of glyph g is
 * p^d (1−p)^(n−d) with d the Hamming distance, which falls with d; for additive gaussian noise it
 * is ∝ exp(−‖x̃ − g‖² / 2σ²). Both pick the glyph at the smallest squared distance (on binary
 * copies the squared distance *is* the Hamming distance), so one rule serves both. Ties (equal
 * distances, common for flips) are broken uniformly at random from `rng`.
 *
 * Writes the chosen glyph index of each noisy row into `chosen` (length = noisy.rows).
 */
export function nearestGlyphs(noisy: Matrix, glyphs: Matrix, rng: Rng, chosen: Int32Array): void {
  const cols = noisy.cols, n = glyphs.rows;
  const X = noisy.data, G = glyphs.data;
  for (let r = 0; r < noisy.rows; r++) {
    const base = r * cols;
    let best = Infinity, pick = -1, ties = 0;
    for (let g = 0; g < n; g++) {
      const gb = g * cols;
      let d = 0;
      for (let j = 0; j < cols; j++) {
        const e = X[base + j]! - G[gb + j]!;
        d += e * e;
      }
      // Exact sums of 0/1 terms for binary copies; a tiny slack for sums of real squares.
      if (d < best - 1e-12) {
        best = d;
        pick = g;
        ties = 1;
      } else if (d <= best + 1e-12) {
        // Reservoir choice: the k-th tied glyph replaces the pick with probability 1/k,
        // so each of the tied glyphs ends up chosen with probability 1/(number of ties).
        ties++;
        if (rng.int(ties) === 0) pick = g;
      }
    }
    chosen[r] = pick;
  }
}

/**
 * Wrong pixels between every pair of glyphs after thresholding (> threshold is ink): entry
 * [a * n + b] is what a reconstruction equal to glyph a gets wrong when the truth is glyph b.
 */
export function glyphPixelDistances(glyphs: Matrix, threshold = 0.5): Int32Array {
  const n = glyphs.rows, cols = glyphs.cols, G = glyphs.data;
  const out = new Int32Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let d = 0;
      for (let j = 0; j < cols; j++) if (G[a * cols + j]! > threshold !== G[b * cols + j]! > threshold) d++;
      out[a * n + b] = d;
      out[b * n + a] = d;
    }
  }
  return out;
}

/**
 * The ceiling's wrong pixels per noisy row: the glyph it picks against the true glyph
 * `truth[r]`. Writes into `wrong` (length = noisy.rows); `chosen` is scratch of the same length.
 */
export function ceilingWrongPixels(
  noisy: Matrix,
  truth: Int32Array,
  glyphs: Matrix,
  distances: Int32Array,
  rng: Rng,
  chosen: Int32Array,
  wrong: Int32Array,
): void {
  nearestGlyphs(noisy, glyphs, rng, chosen);
  const n = glyphs.rows;
  for (let r = 0; r < noisy.rows; r++) wrong[r] = distances[chosen[r]! * n + truth[r]!]!;
}
