import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRun, runInfo } from './__fixtures__/make-run.js';
import { findRuns } from './find-runs.js';

const root = mkdtempSync(join(tmpdir(), 'sia-find-runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const training = { problem: 'conventional', epochs: 50, stop: 'epochs', finalLoss: 0.25, maxWrongPixels: 2, itemsWithin: 7, items: 8 };

describe('findRuns', () => {
  const runs = join(root, 'runs');
  // Written newest first, so the order found is the start times', not the folders' names or ages.
  const later = makeRun(join(runs, 'ae-test', '20200101-110000'), { glyphs: { items: 8 }, model: training }, {
    info: runInfo({ seed: 7, overrides: ['stages.model.with.epochs=50'], started: '2020-01-01T11:00:00.000Z' }),
  });
  const earlier = makeRun(join(runs, 'ae-test', '20200101-090000'), { model: { status: 'failed', error: { message: 'diverged' } } }, {
    info: runInfo({ status: 'failed', started: '2020-01-01T09:00:00.000Z' }),
  });
  const older = makeRun(join(runs, 'old-style'), { errors: { maxWrongPixels: 3, meanWrongPixels: 1.5, wrongPixels: { a: 3 } } }, { info: null });
  // Not runs, or not looked at: a folder inside a run, a hidden folder, one too deep.
  makeRun(join(later, 'model', 'nested'), { model: training });
  makeRun(join(runs, '.sia-cache', 'x'), { model: training });
  makeRun(join(runs, 'a', 'b', 'c', 'd', 'too-deep'), { model: training });
  const deepest = makeRun(join(runs, 'a', 'b', 'c', 'at-depth-4'), { model: training });
  mkdirSync(join(runs, 'broken'), { recursive: true });
  writeFileSync(join(runs, 'broken', 'metrics.json'), '{"model": ');
  mkdirSync(join(runs, 'array'), { recursive: true });
  writeFileSync(join(runs, 'array', 'metrics.json'), '[1, 2]');

  it('finds every run folder to depth 4, not inside run folders or hidden folders, sorted by start time', () => {
    const { runs: found } = findRuns(runs);
    const dirs = found.map((r) => r.dir);
    expect(new Set(dirs)).toEqual(new Set([earlier, later, older, deepest]));
    expect(dirs.indexOf(earlier)).toBeLessThan(dirs.indexOf(later));
    // Without a start time, an older run sorts by its file's age: written after the others here.
    expect(dirs.indexOf(later)).toBeLessThan(dirs.indexOf(older));
  });

  it('reads the run record and the headline metrics', () => {
    const run = findRuns(runs).runs.find((r) => r.dir === later);
    expect(run).toEqual({
      dir: later,
      name: 'ae-test',
      started: '2020-01-01T11:00:00.000Z',
      ended: '2020-01-01T10:00:05.000Z',
      status: 'done',
      seed: 7,
      overrides: ['stages.model.with.epochs=50'],
      headline: { model: { epochs: 50, finalLoss: 0.25, maxWrongPixels: 2, itemsWithin: 7 } },
    });
    const failed = findRuns(runs).runs.find((r) => r.dir === earlier);
    expect(failed?.status).toBe('failed');
    expect(failed?.headline).toEqual({ model: { status: 'failed' } });
  });

  it('lists an older run without $run with unknown fields', () => {
    const run = findRuns(runs).runs.find((r) => r.dir === older);
    expect(run).toEqual({
      dir: older, name: null, started: null, ended: null, status: null, seed: null, overrides: null,
      headline: { errors: { maxWrongPixels: 3 } },
    });
  });

  it('reports unreadable metrics.json files as one warning line each, and goes on', () => {
    const { warnings } = findRuns(runs);
    expect(warnings).toHaveLength(2);
    expect(warnings.find((w) => w.includes('broken'))).toMatch(/broken: metrics\.json is not valid JSON \(.+\); left out$/);
    expect(warnings.find((w) => w.includes('array'))).toMatch(/array: metrics\.json is not a JSON object; left out$/);
    for (const w of warnings) expect(w).not.toContain('\n');
  });

  it('takes a run folder itself as the root, and finds nothing in an empty folder', () => {
    expect(findRuns(later).runs.map((r) => r.dir)).toEqual([later]);
    mkdirSync(join(root, 'empty'));
    expect(findRuns(join(root, 'empty'))).toEqual({ runs: [], warnings: [] });
  });

  it('keeps a field of the wrong type as unknown instead of failing', () => {
    const odd = makeRun(join(root, 'odd', 'run'), { model: training }, { info: { ...runInfo(), seed: '3', overrides: 'x', status: 'weird' } as never });
    const [run] = findRuns(join(root, 'odd')).runs;
    expect(run).toMatchObject({ dir: odd, name: 'ae-test', seed: null, overrides: null, status: null });
  });
});
