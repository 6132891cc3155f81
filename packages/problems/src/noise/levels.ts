import type { Rng } from '@sia/core';

/**
 * The noise level of one item: the fixed `level`, or, when a list of `levels` is given, one of
 * them drawn uniformly per item (per call, so every epoch redraws it). Training over a list of
 * levels lets one model see light and heavy corruption alike.
 */
export function levelPicker(level: number, levels: readonly number[] | undefined): (rng: Rng) => number {
  if (levels === undefined || levels.length === 0) return () => level;
  if (levels.length === 1) {
    const only = levels[0]!;
    return () => only;
  }
  const list = Float64Array.from(levels);
  return (rng) => list[rng.int(list.length)]!;
}

/** Throws a RangeError unless every value passes `ok` (configs built by hand skip the schema). */
export function checkLevels(name: string, values: readonly number[], ok: (v: number) => boolean, rule: string): void {
  for (const v of values) {
    if (typeof v !== 'number' || !ok(v)) throw new RangeError(`${name}: ${rule}, got ${v}`);
  }
}
