import { describe, expect, it } from 'vitest';
import { formatCompareTable } from './compare-table.js';
import type { RunData } from './read-run.js';

const run = (fields: Partial<RunData>): RunData => ({
  dir: '/r/x', name: 'ae', started: '2020-01-01T10:00:00.000Z', ended: null, status: 'done', seed: 1, overrides: [], stages: {}, ...fields,
});

describe('formatCompareTable', () => {
  it('puts the runs side by side: the run rows first, then every scalar metric of any run, - where missing', () => {
    const a = run({ stages: { model: { epochs: 20, finalLoss: 0.5, history: [1, 2] }, errors: { maxWrongPixels: 2 } } });
    const b = run({ name: 'vae', seed: 4, overrides: ['stages.model.with.epochs=30'], stages: { model: { epochs: 30, finalKl: 0.25, finalLoss: 0.125 }, prior: { count: 16 } } });
    const old = run({ name: null, seed: null, overrides: null, status: null, started: null, stages: { errors: { maxWrongPixels: 5 } } });
    const lines = formatCompareTable([a, b, old], ['a', 'b', 'old']);
    const cells = lines.map((l) => l.split(/ {2,}/));
    expect(cells).toEqual([
      ['', 'a', 'b', 'old'],
      ['pipeline', 'ae', 'vae', '?'],
      ['seed', '1', '4', '?'],
      ['overrides', '-', 'stages.model.with.epochs=30', '?'],
      ['status', 'done', 'done', '?'],
      ['started', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), expect.stringMatching(/^\d{4}-/), '?'],
      ['model.epochs', '20', '30', '-'],
      ['model.finalLoss', '0.5', '0.125', '-'],
      ['model.finalKl', '-', '0.25', '-'],
      ['errors.maxWrongPixels', '2', '-', '5'],
      ['prior.count', '-', '16', '-'],
    ]);
    // Columns line up.
    const at = lines[0]!.indexOf('b');
    for (const line of lines.slice(1)) expect(line.slice(at - 2, at)).toBe('  ');
  });
});
