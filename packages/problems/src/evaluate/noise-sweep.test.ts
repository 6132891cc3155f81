import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { createRng, type ComponentConfig, type Matrix as M, type Model, type StageContext } from '@sia/core';
import { fontDataset } from '../datasets/font.js';
import { gaussianNoisePlugin } from '../noise/gaussian.js';
import { saltAndPepperNoisePlugin } from '../noise/salt-and-pepper.js';
import { sweepNoise, type SweepNoise } from './noise-sweep-rows.js';
import { noiseSweepPlugin } from './noise-sweep.js';

/** A "model" that hands back its input: the no-op denoiser, whose recovery we can derive. */
const identity = (size: number): Model => {
  const model = { inputSize: size, encode: (x: M) => x.clone(), decode: (z: M) => z.clone(), reconstruct: (x: M) => x.clone() };
  return model as unknown as Model;
};

const noises: Record<string, typeof gaussianNoisePlugin | typeof saltAndPepperNoisePlugin> = {
  gaussian: gaussianNoisePlugin,
  'salt-and-pepper': saltAndPepperNoisePlugin,
};
const build = ({ type, ...options }: ComponentConfig) => noises[type]!.create(options as never, { create: () => { throw new Error('unused'); } });
/** The noise of a sweep entry at a level, through the option its plugin names as its level. */
const makeNoise = (entry: SweepNoise, level: number) => build({ type: entry.type, ...(entry.with ?? {}), [noises[entry.type]!.level!]: level });

describe('sweepNoise', () => {
  const glyphs = fontDataset({ count: 8 }).targets;

  it('gives one row per noise, level and model, shares in [0, 1]', () => {
    const { rows, examples } = sweepNoise({
      models: { denoising: identity(35), plain: identity(35) },
      glyphs,
      noises: [{ type: 'gaussian', levels: [0.1, 0.4] }, { type: 'salt-and-pepper', levels: [0.05, 0.2] }],
      copies: 20,
      within: 1,
      threshold: 0.5,
      rng: createRng(1),
      makeNoise,
      exampleGlyphs: [0, 3],
    });
    expect(rows).toHaveLength(4 * 3);
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(['denoising', 'plain', 'ceiling']));
    for (const r of rows) {
      expect(r.recovered).toBeGreaterThanOrEqual(0);
      expect(r.recovered).toBeLessThanOrEqual(1);
      expect(r.meanWrongPixels).toBeGreaterThanOrEqual(0);
      expect(r.meanWrongPixels).toBeLessThanOrEqual(35);
    }
    // Gaussian std 0.1 never crosses 0.5 in practice (a 5-sigma event): everything is recovered.
    for (const r of rows.filter((r) => r.noise === 'gaussian' && r.level === 0.1)) {
      expect(r.recovered).toBe(1);
      expect(r.ratioToCeiling).toBe(1);
    }
    expect(examples).toHaveLength(4 * 2);
    expect(Object.keys(examples[0]!.outputs)).toEqual(['denoising', 'plain', 'ceiling']);
  });

  it('matches the derived recovery of the identity and beats it with the ceiling', () => {
    // The identity recovers a copy with at most one flip of 35: (1-p)^35 + 35 p (1-p)^34, at
    // p = 0.1: 0.0250 + 0.0973 = 0.1221, and makes 35 p = 3.5 wrong pixels on average. With
    // 8 glyphs x 400 copies = 3200 copies the standard error is ~0.006 (share) and ~0.03 (mean).
    const { rows } = sweepNoise({
      models: { denoising: identity(35) },
      glyphs,
      noises: [{ type: 'salt-and-pepper', levels: [0.1] }],
      copies: 400,
      within: 1,
      threshold: 0.5,
      rng: createRng(2),
      makeNoise,
    });
    const [model, ceiling] = rows;
    expect(model!.model).toBe('denoising');
    expect(Math.abs(model!.recovered - 0.1221)).toBeLessThan(0.025);
    expect(Math.abs(model!.meanWrongPixels - 3.5)).toBeLessThan(0.15);
    expect(ceiling!.model).toBe('ceiling');
    expect(ceiling!.recovered).toBeGreaterThan(model!.recovered);
    expect(model!.ratioToCeiling).toBeCloseTo(model!.recovered / ceiling!.recovered, 2);
  });

  it('is deterministic per stream', () => {
    const run = () =>
      sweepNoise({ models: { denoising: identity(35) }, glyphs, noises: [{ type: 'gaussian', levels: [0.5] }], copies: 10, within: 1, threshold: 0.5, rng: createRng(5), makeNoise }).rows;
    expect(run()).toEqual(run());
  });
});

describe('evaluate/noise-sweep stage', () => {
  it('writes rows to the metrics, a table to the log and both pictures', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'sia-sweep-'));
    const logs: string[] = [];
    const ctx = {
      stageId: 'sweep',
      rng: createRng(3),
      outDir,
      baseDir: outDir,
      create: (_kind: string, config: ComponentConfig) => build(config),
      plugin: (_kind: string, name: string) => noises[name],
      validate: (_kind: string, config: ComponentConfig) => ({ config }),
      writeFile: (rel: string, data: Uint8Array | string) => {
        mkdirSync(dirname(join(outDir, rel)), { recursive: true });
        writeFileSync(join(outDir, rel), data);
        return rel;
      },
      progress: () => {},
      log: (m: string) => logs.push(m),
    } as unknown as StageContext;
    const data = fontDataset({ count: 4 });
    const model = { type: 'model' as const, model: identity(35), history: {} };
    const out = await noiseSweepPlugin.run(
      { noises: [{ type: 'gaussian', levels: [0.2] }, { type: 'salt-and-pepper', levels: [0.1, 0.2] }], copies: 5, within: 1, threshold: 0.5, exampleGlyphs: 2, figures: true },
      { model, plain: model, data },
      ctx,
    );
    const rows = out.metrics!.rows as Array<{ model: string; recovered: number }>;
    expect(rows).toHaveLength(3 * 3);
    expect(logs.join('\n')).toMatch(/salt-and-pepper\s+0\.2/);
    expect(out.files).toEqual(['sweep/sweep.png', 'sweep/sweep.svg', 'sweep/sweep.vl.json', 'sweep/examples.png', 'sweep/examples.svg']);
    for (const f of out.files!) expect(existsSync(join(outDir, f))).toBe(true);
  });
});
