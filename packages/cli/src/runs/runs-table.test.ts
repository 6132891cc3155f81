import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunListing } from './find-runs.js';
import { formatHeadline, formatOverrides, formatScalar, formatStarted } from './format-run.js';
import { formatRunsTable } from './runs-table.js';
import { formatTable } from './table.js';

const cwd = '/work/project';

describe('formatting runs', () => {
  it('formatTable pads every column but the last', () => {
    expect(formatTable([['a', 'bb', 'c'], ['aaa', 'b', 'cccc']])).toEqual(['a    bb  c', 'aaa  b   cccc']);
    expect(formatTable([['x', ''], ['yy', '']])).toEqual(['x', 'yy']);
  });

  it('writes values, times, overrides and headlines short', () => {
    expect(formatScalar(0.039760862)).toBe('0.03976');
    expect(formatScalar(169)).toBe('169');
    expect(formatScalar(3.2e-7)).toBe('3.200e-7');
    expect(formatScalar(true)).toBe('true');
    expect(formatScalar('x'.repeat(50))).toBe(`${'x'.repeat(37)}...`);
    expect(formatStarted('2020-01-01T10:00:00.000Z')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(formatStarted(null)).toBe('?');
    expect(formatStarted('not a date')).toBe('?');
    expect(formatOverrides([])).toBe('-');
    expect(formatOverrides(['a=1', 'b=2'])).toBe('a=1 b=2');
    expect(formatOverrides(null)).toBe('?');
    expect(formatHeadline({ model: { epochs: 5, finalLoss: 0.5 }, fidelity: { maxWrongPixels: 1 } })).toBe('model: epochs=5 finalLoss=0.5; fidelity: maxWrongPixels=1');
    expect(formatHeadline({})).toBe('-');
  });

  it('formatRunsTable lines up a header and a row per run, folders relative to the cwd', () => {
    const runs: RunListing[] = [
      { dir: join(cwd, 'runs', 'ae', '1'), name: 'ae', started: '2020-01-01T10:00:00.000Z', ended: null, status: 'running', seed: 3, overrides: ['stages.model.with.epochs=20'], headline: { model: { epochs: 20, finalLoss: 0.125 } } },
      { dir: '/elsewhere/old', name: null, started: null, ended: null, status: null, seed: null, overrides: null, headline: {} },
    ];
    const lines = formatRunsTable(runs, cwd);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^name +started +status +seed +overrides +folder +metrics$/);
    expect(lines[1]).toMatch(/^ae +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +running +3 +stages\.model\.with\.epochs=20 +runs\/ae\/1 +model: epochs=20 finalLoss=0\.125$/);
    expect(lines[2]).toMatch(/^\? +\? +\? +\? +\? +\/elsewhere\/old +-$/);
    // Aligned: each column starts at the same place in every line.
    for (const heading of ['started', 'status', 'seed', 'overrides', 'folder', 'metrics']) {
      const at = lines[0]!.indexOf(heading);
      for (const line of lines.slice(1)) expect(line[at - 1], `${heading} in ${line}`).toBe(' ');
      for (const line of lines.slice(1)) expect(line[at], `${heading} in ${line}`).not.toBe(' ');
    }
  });
});
