/** A metric value that fits in one table cell. */
export type Scalar = number | string | boolean;

/** Metrics by stage id, then by metric name. */
export type StageScalars = Record<string, Record<string, Scalar>>;

const isScalar = (v: unknown): v is Scalar => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

/**
 * Every stage's top-level scalar metrics (numbers, strings, booleans), stages and metrics in
 * file order; lists, maps and nulls are left out. A stage with none is left out.
 */
export function scalarMetrics(stages: Readonly<Record<string, unknown>>): StageScalars {
  // Built with fromEntries (own properties, never a prototype setter): a stage or metric may be
  // called `__proto__` like any other.
  const out: [string, Record<string, Scalar>][] = [];
  for (const [id, metrics] of Object.entries(stages)) {
    if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) continue;
    const scalars = Object.entries(metrics as Record<string, unknown>).filter((e): e is [string, Scalar] => isScalar(e[1]));
    if (scalars.length > 0) out.push([id, Object.fromEntries(scalars)]);
  }
  return Object.fromEntries(out);
}

/** What a training stage shows in the list: how long it trained, where its loss ended, how well it reconstructs. */
const TRAINING = ['epochs', 'finalLoss', 'maxWrongPixels', 'itemsWithin'];
/** What any other stage shows: the evaluators' error measures. */
const OTHER = ['maxWrongPixels', 'itemsWithin', 'meanAbsoluteError'];

/**
 * The headline metrics of a run, for `sia runs`: a short selection of each stage's scalars.
 * - a stage that failed or was interrupted (`{ status, error }`) shows only its `status`;
 * - a training stage (one with a numeric `finalLoss`) shows `epochs`, `finalLoss`,
 *   `maxWrongPixels` and `itemsWithin`;
 * - any other stage shows `maxWrongPixels`, `itemsWithin` and `meanAbsoluteError`;
 * each where present, in that order. Stages showing nothing (datasets, samplers) are left out.
 */
export function headlineMetrics(stages: Readonly<Record<string, unknown>>): StageScalars {
  const out: [string, Record<string, Scalar>][] = [];
  for (const [id, scalars] of Object.entries(scalarMetrics(stages))) {
    const failed = scalars.status === 'failed' || scalars.status === 'interrupted';
    const keys = failed ? ['status'] : typeof scalars.finalLoss === 'number' ? TRAINING : OTHER;
    const shown = keys.filter((k) => Object.hasOwn(scalars, k)).map((k) => [k, scalars[k]!] as const);
    if (shown.length > 0) out.push([id, Object.fromEntries(shown)]);
  }
  return Object.fromEntries(out);
}
