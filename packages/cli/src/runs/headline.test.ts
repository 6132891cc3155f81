import { describe, expect, it } from 'vitest';
import { headlineMetrics, scalarMetrics } from './headline.js';

const stages = {
  glyphs: { items: 32, labels: 'abc' },
  model: { problem: 'conventional', epochs: 169, stop: 'goal', trainingSeconds: 0.21, finalLoss: 0.0398, maxWrongPixels: 1, itemsWithin: 32, items: 32 },
  fidelity: { items: 32, maxWrongPixels: 1, itemsWithin: 32, within: 1, meanAbsoluteError: 0.036, wrongPixels: { a: 0 } },
  plane: { items: 32, x: [-7, 6], y: [-2, 9] },
  loss: { epochs: 169, final_loss: 0.0398 },
  late: { status: 'interrupted', error: { code: 'run/interrupted' } },
  odd: { ok: true, none: null },
};

describe('stage metrics', () => {
  it('scalarMetrics keeps the numbers, strings and booleans of each stage, in order', () => {
    const s = scalarMetrics(stages);
    expect(Object.keys(s)).toEqual(['glyphs', 'model', 'fidelity', 'plane', 'loss', 'late', 'odd']);
    expect(s.fidelity).toEqual({ items: 32, maxWrongPixels: 1, itemsWithin: 32, within: 1, meanAbsoluteError: 0.036 });
    expect(s.plane).toEqual({ items: 32 });
    expect(s.late).toEqual({ status: 'interrupted' });
    expect(s.odd).toEqual({ ok: true });
    expect(scalarMetrics({ a: [1], b: null, c: 3 })).toEqual({});
  });

  it('headlineMetrics picks training and evaluation measures, and the status of an unfinished stage', () => {
    expect(headlineMetrics(stages)).toEqual({
      model: { epochs: 169, finalLoss: 0.0398, maxWrongPixels: 1, itemsWithin: 32 },
      fidelity: { maxWrongPixels: 1, itemsWithin: 32, meanAbsoluteError: 0.036 },
      late: { status: 'interrupted' },
    });
  });

  it('treats a stage called __proto__ like any other', () => {
    const s = JSON.parse('{"__proto__": {"finalLoss": 1, "epochs": 2}}') as Record<string, unknown>;
    const h = headlineMetrics(s);
    expect(Object.keys(h)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
  });
});
