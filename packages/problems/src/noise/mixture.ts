import { defineComponent, slot, type ComponentConfig, type ComponentContext, type Matrix, type NoiseFn, type Rng } from '@sia/core';

/** Options of `noise/mixture`. */
export interface MixtureNoiseConfig {
  /** The noises to mix, each a noise component `{ type, ...options }`. */
  readonly components?: readonly ComponentConfig[];
  /** Relative weight of each component (default: equal). */
  readonly weights?: readonly number[];
}

/**
 * Corrupts each item with one of several noises, drawn per item (per call, so every epoch
 * redraws) with probability proportional to its weight. Lets one model train on gaussian and
 * salt-and-pepper corruption at once. Each component writes one row through a row view; the
 * views are made once per (clean, out) pair, so repeated calls on the training buffers allocate
 * nothing.
 */
export function mixtureNoise(components: readonly NoiseFn[], weights?: readonly number[]): NoiseFn {
  if (components.length === 0) throw new RangeError('noise/mixture: needs at least one component');
  const w = weights ?? components.map(() => 1);
  if (w.length !== components.length) throw new RangeError(`noise/mixture: ${components.length} components but ${w.length} weights`);
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total > 0) || w.some((v) => !(v >= 0))) throw new RangeError('noise/mixture: weights must be >= 0 with a positive sum');
  // Cumulative probabilities: component k covers [cum[k-1], cum[k]).
  const cum = new Float64Array(w.length);
  let acc = 0;
  w.forEach((v, k) => (cum[k] = acc += v / total));
  cum[w.length - 1] = 1;

  let lastClean: Matrix | undefined, lastOut: Matrix | undefined;
  let cleanRows: Matrix[] = [], outRows: Matrix[] = [];
  return (clean: Matrix, out: Matrix, rng: Rng): void => {
    if (clean.rows === 1) {
      // One item (e.g. a redraw by noise/decodable): no row views needed, and the cached views
      // of the whole batch stay valid for the next full call.
      const u = rng.uniform();
      let k = 0;
      while (u >= cum[k]!) k++;
      components[k]!(clean, out, rng);
      return;
    }
    if (clean !== lastClean || out !== lastOut || clean.rows !== cleanRows.length) {
      cleanRows = Array.from({ length: clean.rows }, (_, i) => clean.rowsView(i, i + 1));
      outRows = Array.from({ length: out.rows }, (_, i) => out.rowsView(i, i + 1));
      lastClean = clean;
      lastOut = out;
    }
    for (let i = 0; i < clean.rows; i++) {
      const u = rng.uniform();
      let k = 0;
      while (u >= cum[k]!) k++;
      components[k]!(cleanRows[i]!, outRows[i]!, rng);
    }
  };
}

/** `noise/mixture`: each item gets one of several noises, drawn per item. */
export const mixtureNoisePlugin = defineComponent<'noise', MixtureNoiseConfig>({
  kind: 'noise',
  name: 'mixture',
  version: '0.1.0',
  description: 'Each item is corrupted by one of several noises (drawn per item and epoch), e.g. gaussian and salt-and-pepper at once.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      components: {
        type: 'array',
        items: slot('noise', undefined, 'One noise of the mixture.'),
        minItems: 1,
        default: [{ type: 'gaussian' }, { type: 'salt-and-pepper' }],
        description: 'The noises to mix, e.g. [{ type: gaussian, std: 0.3 }, { type: salt-and-pepper, p: 0.1 }].',
      },
      weights: {
        type: 'array',
        items: { type: 'number', minimum: 0 },
        minItems: 1,
        description: 'Relative weight of each component (default: equal).',
      },
    },
  },
  create: (config: MixtureNoiseConfig, ctx: ComponentContext): NoiseFn =>
    mixtureNoise(
      (config.components ?? [{ type: 'gaussian' }, { type: 'salt-and-pepper' }]).map((c) => ctx.create('noise', c)),
      config.weights,
    ),
});
