import { describe, expect, it } from 'vitest';
import { createRng } from '../rng/xoshiro.js';
import type { PluginRegistry } from '../plugin/registry.js';
import type { Progress } from './reporter.js';
import { createStageContext } from './stage-context.js';

/** A stage context whose reporter keeps every progress it is handed. */
function context(): { progress: (p: Omit<Progress, 'elapsedMs'>) => void; seen: Progress[] } {
  const seen: Progress[] = [];
  const ctx = createStageContext({
    stage: { id: 'model', uses: 'train/x' },
    // Progress needs no plugin.
    registry: undefined as unknown as PluginRegistry,
    rng: createRng(1),
    outDir: '/nonexistent',
    baseDir: '/nonexistent',
    pipeline: {},
    reporter: { onEpochEnd: (_s, p) => seen.push(p) },
    log: () => {},
    wrote: () => {},
  });
  return { progress: (p) => ctx.progress(p), seen };
}

describe('the stage context throttles progress', () => {
  it('delivers the first report, then at most one per interval, and always the last epoch', () => {
    const { progress, seen } = context();
    // A fast loop: 1000 epochs well inside one interval.
    for (let epoch = 1; epoch <= 1000; epoch++) progress({ epoch, epochs: 1000, loss: 1 / epoch });
    expect(seen.map((p) => p.epoch)).toEqual([1, 1000]);
  });

  it('delivers an early stop\'s report (last) whatever the throttle, with what it says then', () => {
    const { progress, seen } = context();
    const record = { epoch: 0, epochs: 2000, loss: 0, last: false };
    for (let epoch = 1; epoch <= 49; epoch++) {
      record.epoch = epoch;
      record.loss = 1 / epoch;
      record.last = epoch === 49;
      progress(record);
    }
    expect(seen.map((p) => [p.epoch, p.loss, p.last])).toEqual([[1, 1, false], [49, 1 / 49, true]]);
  });
});
