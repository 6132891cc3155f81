import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatError, StageFailure } from '../errors.js';
import { defineStage } from '../plugin/define.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BASIC, fakeRegistry, resetRuns, runs, tempDir, writeFixture } from './__fixtures__/fake-plugins.js';
import { loadPipeline, type LoadOptions } from './load.js';
import type { PipelinePlan } from './plan.js';
import type { Reporter, StageEnd } from './reporter.js';
import { runPipeline, type RunOptions } from './runner.js';
import { readPipelineFile } from './source.js';

const registry = fakeRegistry();

function plan(text: string = BASIC, options: LoadOptions = {}): PipelinePlan {
  return readPipelineFile(writeFixture(text))
    .andThen((s) => loadPipeline(s, registry, options))
    ._unsafeUnwrap();
}

/** Records every reporter call. */
function recorder() {
  const ends: Record<string, StageEnd> = {};
  const epochs: { stage: string; epoch: number }[] = [];
  const reporter: Reporter = {
    onStageEnd: (s, end) => {
      ends[s.id] = end;
    },
    onEpochEnd: (s, p) => {
      epochs.push({ stage: s.id, epoch: p.epoch });
    },
  };
  return { reporter, ends, epochs };
}

const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');
const metricsOf = (dir: string): Record<string, Record<string, unknown>> => JSON.parse(read(dir, 'metrics.json')) as never;

beforeEach(resetRuns);

describe('runPipeline: the run folder', () => {
  it('writes the resolved pipeline, metrics.json keyed by stage, index.html and run.log', async () => {
    const outDir = join(tempDir(), 'run');
    const summary = (await runPipeline(plan(), { outDir, cacheDir: tempDir() }))._unsafeUnwrap();
    expect(summary.outDir).toBe(outDir);
    expect(summary.stages.map((s) => [s.id, s.cached])).toEqual([
      ['glyphs', false],
      ['model', false],
      ['fidelity', false],
      ['grid', false],
    ]);

    const resolved = read(outDir, 'pipeline.resolved.yaml');
    expect(resolved).toContain('# Resolved by sia');
    expect(resolved).toMatch(/optimizer\/momentum 1\.0\.0/); // versions of nested components too
    expect(resolved).toMatch(/activation\/tanh 1\.0\.0/);
    const doc = parse(resolved) as { seed: number; stages: { model: { with: Record<string, unknown> } } };
    expect(doc.seed).toBe(7);
    expect(doc.stages.model.with).toMatchObject({ units: 2, hidden: { type: 'tanh', beta: 1 } });

    const metrics = metricsOf(outDir);
    expect(Object.keys(metrics)).toEqual(['$run', 'glyphs', 'model', 'fidelity', 'grid']);
    expect(metrics.fidelity).toEqual({ threshold: 0.5, draws: 5, origin: 'trained' });
    const { $run: run, ...stages } = metrics;
    expect(summary.metrics).toEqual(stages);
    expect(summary.run).toEqual(run);
    expect(run).toMatchObject({ pipeline: 'basic', seed: 7, overrides: [], status: 'done' });
    const info = run as { started: string; ended: string; sia: string; versions: Record<string, string> };
    expect(Date.parse(info.ended)).toBeGreaterThanOrEqual(Date.parse(info.started));
    expect(info.sia).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.versions['optimizer/momentum']).toBe('1.0.0');

    const html = read(outDir, 'index.html');
    expect(html).toContain('<h1>basic</h1>');
    expect(html).toContain('seed 7');
    expect(html).toContain('<img src="grid.png"');
    expect(html).toContain('<img src="figures/loss.svg"');
    expect(html).toContain('<th>threshold</th><td>0.5</td>');
    expect(existsSync(join(outDir, 'grid.png'))).toBe(true);
    expect(read(outDir, 'run.log')).toContain('[model] trained on 3 items with momentum for pipeline basic');
  });

  it('the resolved pipeline loads again to the same plan', async () => {
    const outDir = tempDir();
    const first = plan(BASIC, { overrides: ['stages.model.with.epochs=3'], seed: 11 });
    await runPipeline(first, { outDir, cacheDir: tempDir() });
    const again = plan(read(outDir, 'pipeline.resolved.yaml'));
    expect(again.document).toEqual(first.document);
  });

  it('a stage that diverges stops the run, names stage and epoch, and leaves earlier outputs', async () => {
    const outDir = tempDir();
    const p = plan(BASIC.replace('epochs: 5', 'epochs: 5\n      divergeAt: 3'));
    const errors = (await runPipeline(p, { outDir, cacheDir: tempDir() }))._unsafeUnwrapErr();
    expect(errors).toEqual([
      { code: 'run/diverged', message: 'train/fake failed: loss became NaN at epoch 3', stage: 'model' },
    ]);
    expect(formatError(errors[0])).toBe('stage model: train/fake failed: loss became NaN at epoch 3 [run/diverged]');
    // The finished stage's metrics, the failed stage's status and error; no later stage.
    expect(Object.keys(metricsOf(outDir))).toEqual(['$run', 'glyphs', 'model']);
    expect(metricsOf(outDir).model).toEqual({ status: 'failed', error: 'train/fake failed: loss became NaN at epoch 3' });
    expect(metricsOf(outDir).$run).toMatchObject({ status: 'failed' });
    expect(existsSync(join(outDir, 'pipeline.resolved.yaml'))).toBe(true);
    const html = read(outDir, 'index.html');
    expect(html).toContain('<section class="failed"><h2>model');
    expect(html).toContain('loss became NaN at epoch 3');
    expect(read(outDir, 'run.log')).toContain('[model] failed:');
    expect(runs.score).toBeUndefined();
  });

  it('any other exception is run/failed with the stage and its message', async () => {
    const text = `name: boom
stages:
  a: { uses: dataset/letters }
  b: { uses: evaluate/explode, inputs: { data: a } }
`;
    const errors = (await runPipeline(plan(text), { outDir: tempDir(), cacheDir: tempDir() }))._unsafeUnwrapErr();
    expect(errors).toEqual([{ code: 'run/failed', message: 'evaluate/explode failed: cannot read the moon', stage: 'b' }]);
  });

  it('a StageFailure carrying an epoch gets it into the message', async () => {
    const nan = defineStage({
      kind: 'train',
      name: 'nan',
      version: '1.0.0',
      description: 'diverges',
      schema: { type: 'object', additionalProperties: false, properties: {} },
      inputs: {},
      output: 'model',
      run() {
        throw new StageFailure('run/diverged', 'the loss became NaN', { epoch: 37 });
      },
    });
    const reg = fakeRegistry([nan]);
    const p = readPipelineFile(writeFixture('name: nan\nstages:\n  model: { uses: train/nan }\n'))
      .andThen((s) => loadPipeline(s, reg))
      ._unsafeUnwrap();
    const errors = (await runPipeline(p, { outDir: tempDir(), cacheDir: tempDir() }))._unsafeUnwrapErr();
    expect(errors).toEqual([{ code: 'run/diverged', message: 'train/nan failed at epoch 37: the loss became NaN', stage: 'model' }]);
  });

  it('throttles progress: first and last epoch of a fast loop, not every epoch', async () => {
    const { reporter, epochs } = recorder();
    await runPipeline(plan(BASIC.replace('epochs: 5', 'epochs: 2000')), { outDir: tempDir(), cacheDir: tempDir(), reporter });
    expect(epochs.length).toBeLessThan(20);
    expect(epochs[0]).toEqual({ stage: 'model', epoch: 1 });
    expect(epochs.at(-1)).toEqual({ stage: 'model', epoch: 2000 });
  });

  it('a noise stage attaches the component to the dataset it hands on', async () => {
    const text = BASIC.replace('  fidelity:', '  noisy:\n    uses: noise/gaussian\n    inputs: { data: glyphs }\n    with: { sigma: 0.2 }\n  fidelity:').replace('inputs: { model: model, data: glyphs }', 'inputs: { model: model, data: noisy }');
    const p = plan(text);
    const stage = p.stages.find((s) => s.id === 'noisy')!;
    const data = { type: 'dataset' as const, inputs: null as never, targets: null as never, labels: [] };
    const out = await stage.runner.run(stage.options, { data }, null as never);
    expect(out.artifact).toMatchObject({ type: 'dataset', noise: { name: 'gaussian', config: { sigma: 0.2 } } });
    expect(typeof (out.artifact as { noise: { apply: unknown } }).noise.apply).toBe('function');
    // its metrics name the noise and its options, so metrics.json has an entry for every stage
    expect(out.metrics).toEqual({ noise: 'gaussian', options: { sigma: 0.2 }, items: 0 });
    expect((await runPipeline(p, { outDir: tempDir(), cacheDir: tempDir() })).isOk()).toBe(true);
  });
});

describe('runPipeline: cache', () => {
  const run = (p: PipelinePlan, options: Partial<RunOptions> & { cacheDir: string }) => {
    const rec = recorder();
    return runPipeline(p, { outDir: tempDir(), reporter: rec.reporter, ...options }).then((r) => ({ summary: r._unsafeUnwrap(), ends: rec.ends }));
  };

  it('a hit skips the run, restores its files and metrics, and the reporter hears cached', async () => {
    const cacheDir = tempDir();
    const first = await run(plan(), { cacheDir });
    expect(runs.fake).toBe(1);
    const outDir = tempDir();
    const second = await run(plan(), { cacheDir, outDir });
    expect(runs.fake).toBe(1);
    expect(second.ends.model.cached).toBe(true);
    expect(second.ends.glyphs.cached).toBe(false); // no codec: always runs
    expect(second.summary.metrics.model).toEqual(first.summary.metrics.model);
    expect(second.summary.metrics.fidelity).toMatchObject({ origin: 'cache+gd' }); // codec.load got a working ctx
    expect(read(outDir, 'figures/loss.svg')).toContain('<svg');
    expect(second.summary.stages.find((s) => s.id === 'model')!.fingerprint).toBe(first.summary.stages.find((s) => s.id === 'model')!.fingerprint);
  });

  it('a change downstream only still hits upstream; a change upstream misses', async () => {
    const cacheDir = tempDir();
    await run(plan(), { cacheDir });
    const downstream = await run(plan(BASIC, { overrides: ['stages.grid.with.partitions=8'] }), { cacheDir });
    expect(downstream.ends.model.cached).toBe(true);
    expect(runs.fake).toBe(1);
    expect(downstream.summary.metrics.grid).toEqual({ partitions: 8 });
    const upstream = await run(plan(BASIC, { overrides: ['stages.glyphs.with.count=2'] }), { cacheDir });
    expect(upstream.ends.model.cached).toBe(false);
    expect(runs.fake).toBe(2);
    const otherSeed = await run(plan(BASIC, { seed: 8 }), { cacheDir });
    expect(otherSeed.ends.model.cached).toBe(false);
  });

  it('cache: false reruns and refreshes the entry', async () => {
    const cacheDir = tempDir();
    await run(plan(), { cacheDir });
    const forced = await run(plan(), { cacheDir, cache: false });
    expect(forced.ends.model.cached).toBe(false);
    expect(runs.fake).toBe(2);
    const after = await run(plan(), { cacheDir });
    expect(after.ends.model.cached).toBe(true);
    expect(runs.fake).toBe(2);
  });
});

describe('runPipeline: random streams', () => {
  const draws = async (text: string, seed?: number) => {
    const p = plan(text, seed === undefined ? {} : { seed });
    const s = (await runPipeline(p, { outDir: tempDir(), cache: false, cacheDir: tempDir() }))._unsafeUnwrap();
    return { model: s.metrics.model as { draws: number[] }, glyphs: s.metrics.glyphs as { first: number } };
  };

  it('same seed gives the same draws in every stage; another seed gives others', async () => {
    const a = await draws(BASIC);
    const b = await draws(BASIC);
    expect(b).toEqual(a);
    expect(a.model.draws).toHaveLength(5);
    expect(a.model.draws[0]).not.toBe(a.glyphs.first); // each stage has its own stream
    const c = await draws(BASIC, 8);
    expect(c.model.draws).not.toEqual(a.model.draws);
  });

  it('adding a stage does not change another stage’s stream', async () => {
    const a = await draws(BASIC);
    const withExtra = BASIC.replace('  model:', '  extra:\n    uses: dataset/letters\n    with: { count: 9 }\n  model:');
    const b = await draws(withExtra);
    expect(b.model.draws).toEqual(a.model.draws);
    expect(b.glyphs.first).toBe(a.glyphs.first);
  });
});

describe('fingerprints', () => {
  it('change when a component a stage names changes version, and only for that stage onward', async () => {
    const { compileRegistry } = await import('../plugin/registry.js');
    const { fakePlugins, momentum } = await import('./__fixtures__/fake-plugins.js');
    const bumped = fakePlugins.map((p) => (p === momentum ? Object.freeze({ ...momentum, version: '1.0.1' }) : p));
    const fingerprints = async (plugins: typeof fakePlugins) => {
      const reg = compileRegistry(plugins)._unsafeUnwrap();
      const p = readPipelineFile(writeFixture(BASIC)).andThen((s) => loadPipeline(s, reg))._unsafeUnwrap();
      const summary = (await runPipeline(p, { outDir: tempDir(), cacheDir: tempDir() }))._unsafeUnwrap();
      return Object.fromEntries(summary.stages.map((s) => [s.id, s.fingerprint]));
    };
    const before = await fingerprints(fakePlugins);
    const after = await fingerprints(bumped);
    // The dataset does not use the optimizer; the trainer does (optimizer: { type: momentum }),
    // and every stage downstream of it inherits the change through its input fingerprints.
    expect(after.glyphs).toBe(before.glyphs);
    expect(after.model).not.toBe(before.model);
    expect(after.fidelity).not.toBe(before.fidelity);
  });
});
