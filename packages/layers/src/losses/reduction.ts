/**
 * How a per-element loss becomes one number for a batch of `rows` items with `cols` features:
 *  - `mean`: the mean over all rows·cols elements (PyTorch's default);
 *  - `sum`:  summed over the features of an item, averaged over the batch (the usual VAE
 *            reconstruction term, so that it weighs against a KL term that is per item).
 * Either way the epoch loss does not depend on the batch size.
 */
export type Reduction = 'mean' | 'sum';

/** The factor applied to the element sum. */
export function reductionScale(reduction: Reduction, rows: number, cols: number): number {
  const n = reduction === 'mean' ? rows * cols : rows;
  return n === 0 ? 0 : 1 / n;
}

/** The shared `reduction` option of every loss plugin's schema. */
export const REDUCTION_SCHEMA: Record<string, unknown> = Object.freeze({
  type: 'string',
  enum: ['mean', 'sum'],
  default: 'mean',
  description: "'mean': mean over all elements; 'sum': summed over features, averaged over the batch.",
});
