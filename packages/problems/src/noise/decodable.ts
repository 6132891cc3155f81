import { marginOf, type MarginFn } from './margins.js';
import { defineComponent, slot, type ComponentConfig, type ComponentContext, type Matrix, type NoiseFn, type Rng } from '@sia/core';

/** Options of `noise/decodable`. */
export interface DecodableNoiseConfig {
  /** The noise to draw from. */
  readonly noise?: ComponentConfig;
  /** Draws per item before giving up and keeping the clean item for this epoch. */
  readonly tries?: number;
  /** Thin out easy copies (see `DecodableFocus`); omit to keep every decodable copy. */
  readonly focus?: DecodableFocus;
}

/**
 * Keeps the training copies near the decision boundaries: a decodable copy whose *margin* (the
 * squared distance to the nearest other item minus that to its own; in pixels for binary copies)
 * exceeds `margin` is kept only with probability `keep`, else redrawn like an undecodable one.
 */
export interface DecodableFocus {
  readonly margin: number;
  readonly keep: number;
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
 * With `focus`, easy copies (margin above `focus.margin`) are thinned to a share `focus.keep`:
 * a denoiser's errors all lie near the boundaries between items, and copies far inside a cell
 * cost as much compute and teach little, so thinning them spends more of each batch where the
 * mistakes are. The copies' labels stay exact (each is still nearest its own item).
 *
 * Assumes, as the trainer does, that `clean` holds the whole item set. Rows may repeat (a
 * dataset repeated for larger batches, `dataset/repeat`): equal rows are one item, so a copy is
 * compared only with the distinct items other than its own. Row views and the list of distinct
 * items are made once per (clean, out) pair; nothing else is allocated per call.
 */
export function decodableNoise(inner: NoiseFn, tries = 20, focus?: DecodableFocus): NoiseFn {
  if (!Number.isInteger(tries) || tries < 1) throw new RangeError(`noise/decodable: tries must be a positive integer, got ${tries}`);
  if (focus && !(focus.margin >= 0 && focus.keep >= 0 && focus.keep <= 1)) {
    throw new RangeError(`noise/decodable: focus needs margin >= 0 and keep in [0, 1], got ${JSON.stringify(focus)}`);
  }
  let lastClean: Matrix | undefined, lastOut: Matrix | undefined;
  let cleanRows: Matrix[] = [], outRows: Matrix[] = [];
  let margin: MarginFn = () => Infinity;
  return (clean: Matrix, out: Matrix, rng: Rng): void => {
    if (clean !== lastClean || out !== lastOut || clean.rows !== cleanRows.length) {
      cleanRows = Array.from({ length: clean.rows }, (_, i) => clean.rowsView(i, i + 1));
      outRows = Array.from({ length: out.rows }, (_, i) => out.rowsView(i, i + 1));
      margin = marginOf(clean);
      lastClean = clean;
      lastOut = out;
    }
    const n = clean.rows, cols = clean.cols, X = clean.data, Y = out.data;
    const decodable = (i: number): boolean => {
      const m = margin(Y, i);
      if (m <= 0) return false;
      // An easy copy survives with probability keep (no draw from the stream without focus).
      return !focus || m <= focus.margin || rng.uniform() < focus.keep;
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
      focus: {
        type: 'object',
        additionalProperties: false,
        required: ['margin', 'keep'],
        description: 'Thin out easy copies: a copy more than `margin` nearer its own item than any other is kept with probability `keep`.',
        properties: {
          margin: { type: 'number', minimum: 0, description: 'Squared-distance margin (pixels, for binary copies) up to which every copy is kept.' },
          keep: { type: 'number', minimum: 0, maximum: 1, description: 'Share of the copies beyond the margin that are kept.' },
        },
      },
    },
  },
  create: (config: DecodableNoiseConfig, ctx: ComponentContext): NoiseFn =>
    decodableNoise(ctx.create('noise', config.noise ?? { type: 'gaussian' }), config.tries ?? 20, config.focus),
});
