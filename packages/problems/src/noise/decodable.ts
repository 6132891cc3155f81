import { defineComponent, slot, type ComponentConfig, type ComponentContext, type Matrix, type NoiseFn, type Rng } from '@sia/core';

/** Options of `noise/decodable`. */
export interface DecodableNoiseConfig {
  /** The noise to draw from. */
  readonly noise?: ComponentConfig;
  /** Draws per item before giving up and keeping the clean item for this epoch. */
  readonly tries?: number;
}

/** Squared distance between row a of A and row b of B (same width). */
function squaredDistance(A: Float64Array, a: number, B: Float64Array, b: number, cols: number): number {
  let d = 0;
  for (let j = 0; j < cols; j++) {
    const e = A[a * cols + j]! - B[b * cols + j]!;
    d += e * e;
  }
  return d;
}

/**
 * Draws from another noise but keeps only copies that stay *decodable*: copies strictly nearer
 * (squared distance) to their own item than to any other item of the set; others are redrawn,
 * up to `tries` times, then the clean item stands in.
 *
 * Why: with pixel-wise losses the best a denoiser can learn is the posterior mean
 * E[x | x̃] = Σ_g P(g | x̃)·g, which near the boundary between two glyphs is a blend that
 * thresholds to neither. Conditioned on decodability, the glyph is a function of the noisy copy
 * (its Voronoi cell), so the posterior mean *is* the nearest glyph, the same map the ceiling of
 * `evaluate/noise-sweep` uses. The copies still come from the same noise, so the model sees every
 * level; only copies no denoiser could decode are left out.
 *
 * Assumes, as the trainer does, that `clean` holds the whole item set (one item per row). Row
 * views are made once per (clean, out) pair; nothing else is allocated per call.
 */
export function decodableNoise(inner: NoiseFn, tries = 20): NoiseFn {
  if (!Number.isInteger(tries) || tries < 1) throw new RangeError(`noise/decodable: tries must be a positive integer, got ${tries}`);
  let lastClean: Matrix | undefined, lastOut: Matrix | undefined;
  let cleanRows: Matrix[] = [], outRows: Matrix[] = [];
  return (clean: Matrix, out: Matrix, rng: Rng): void => {
    if (clean !== lastClean || out !== lastOut || clean.rows !== cleanRows.length) {
      cleanRows = Array.from({ length: clean.rows }, (_, i) => clean.rowsView(i, i + 1));
      outRows = Array.from({ length: out.rows }, (_, i) => out.rowsView(i, i + 1));
      lastClean = clean;
      lastOut = out;
    }
    const n = clean.rows, cols = clean.cols, X = clean.data, Y = out.data;
    const decodable = (i: number): boolean => {
      const own = squaredDistance(Y, i, X, i, cols);
      for (let g = 0; g < n; g++) if (g !== i && squaredDistance(Y, i, X, g, cols) <= own) return false;
      return true;
    };
    inner(clean, out, rng);
    for (let i = 0; i < n; i++) {
      let ok = decodable(i);
      for (let t = 1; t < tries && !ok; t++) {
        inner(cleanRows[i]!, outRows[i]!, rng);
        ok = decodable(i);
      }
      if (!ok) Y.set(X.subarray(i * cols, (i + 1) * cols), i * cols);
    }
  };
}

/** `noise/decodable`: another noise, redrawn until each copy is nearest to its own item. */
export const decodableNoisePlugin = defineComponent<'noise', DecodableNoiseConfig>({
  kind: 'noise',
  name: 'decodable',
  version: '0.1.0',
  description: 'Draws from another noise but redraws copies that are as near to another item as to their own (the ones no denoiser can decode).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      noise: slot('noise', { type: 'gaussian' }, 'The noise to draw from (e.g. a mixture of levels).'),
      tries: { type: 'integer', minimum: 1, default: 20, description: 'Draws per item before the clean item stands in for this epoch.' },
    },
  },
  create: (config: DecodableNoiseConfig, ctx: ComponentContext): NoiseFn =>
    decodableNoise(ctx.create('noise', config.noise ?? { type: 'gaussian' }), config.tries ?? 20),
});
