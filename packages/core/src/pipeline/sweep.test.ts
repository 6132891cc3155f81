import { describe, expect, it } from 'vitest';
import { expandSweep, gridSize, readSweep, type SweepSpec } from './sweep.js';
import { parsePipelineText } from './source.js';

const source = (text: string) => parsePipelineText('p.yaml', text)._unsafeUnwrap();

const FILE = `name: p
stages: { a: { uses: dataset/font } }
sweep:
  axes:
    stages.a.with.count: [5, 8]
    seed: [1, 2, 3]
`;

describe('a sweep section', () => {
  it('reads the axes with the position of each value; --axis replaces or adds an axis', () => {
    const spec = readSweep(source(FILE))._unsafeUnwrap()!;
    expect(spec.strategy).toBe('grid');
    expect(spec.axes.map((a) => [a.path, a.values])).toEqual([['stages.a.with.count', [5, 8]], ['seed', [1, 2, 3]]]);
    expect(spec.axes[1]!.where[2]).toEqual({ line: 6, column: 18 });
    const flagged = readSweep(source(FILE), ['seed=[7]', 'stages.a.with.epochs=[1, 2]'])._unsafeUnwrap()!;
    expect(flagged.axes.map((a) => a.path)).toEqual(['stages.a.with.count', 'seed', 'stages.a.with.epochs']);
    expect(flagged.axes[1]!.where[0]).toEqual({ flag: '--axis seed=[7]' });
    expect(readSweep(source('name: p\nstages: {}\n'))._unsafeUnwrap()).toBeUndefined();
  });

  it('refuses paths that are not options and flags that are not lists, naming them', () => {
    const bad = readSweep(source(FILE.replace('seed: [1, 2, 3]', 'plugins: [[x]]')));
    expect(bad._unsafeUnwrapErr()[0]).toMatchObject({ code: 'sweep/invalid', line: 6, path: 'sweep.axes.plugins' });
    expect(readSweep(source(FILE), ['seed=3'])._unsafeUnwrapErr()[0]!.message).toMatch(/--axis seed=3: the values must be a non-empty YAML list/);
    expect(readSweep(source(FILE), ['seed'])._unsafeUnwrapErr()[0]!.message).toMatch(/expected path=<YAML list>/);
  });

  it('a grid is every combination, the last axis fastest; each trial is a list of --set values', () => {
    const spec = readSweep(source(FILE))._unsafeUnwrap()!;
    expect(gridSize(spec)).toBe(6);
    const trials = expandSweep(spec);
    expect(trials.map((t) => t.id)).toEqual(['t001', 't002', 't003', 't004', 't005', 't006']);
    expect(trials.map((t) => t.sets)).toEqual([
      ['stages.a.with.count=5', 'seed=1'], ['stages.a.with.count=5', 'seed=2'], ['stages.a.with.count=5', 'seed=3'],
      ['stages.a.with.count=8', 'seed=1'], ['stages.a.with.count=8', 'seed=2'], ['stages.a.with.count=8', 'seed=3'],
    ]);
    expect(trials[4]!.values).toEqual({ 'stages.a.with.count': 8, seed: 2 });
  });

  it('random draws N distinct combinations from a seeded stream: the same for a seed, another for another', () => {
    const axes = [{ path: 'x', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], where: [] }, { path: 'y', values: ['a', 'b', 'c'], where: [] }];
    const spec = (seed: number): SweepSpec => ({ axes, strategy: 'random', trials: 7, seed });
    const a = expandSweep(spec(1)).map((t) => t.sets.join(' '));
    expect(a).toHaveLength(7);
    expect(new Set(a).size).toBe(7);
    expect(expandSweep(spec(1)).map((t) => t.sets.join(' '))).toEqual(a);
    expect(expandSweep(spec(2)).map((t) => t.sets.join(' '))).not.toEqual(a);
    expect(expandSweep({ axes, strategy: 'random', trials: 99, seed: 1 })).toHaveLength(30); // no more than the grid
  });
});
