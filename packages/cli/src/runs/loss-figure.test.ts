import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderChart, SERIES } from '@sia/figures';
import { createRequire } from 'node:module';
import type { PNG as PngClass } from 'pngjs';
import { makeRun } from './__fixtures__/make-run.js';
import { lossComparisonFigure } from './loss-figure.js';
import { lossCurves } from './loss-history.js';
import { readRun, type RunData } from './read-run.js';

// pngjs is a dependency of @sia/figures (which draws the pictures), not of the CLI: load it from there.
const { PNG } = createRequire(createRequire(import.meta.url).resolve('@sia/figures/package.json'))('pngjs') as { PNG: typeof PngClass };

const root = mkdtempSync(join(tmpdir(), 'sia-loss-figure-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (dir: string): RunData => {
  const run = readRun(dir);
  if (typeof run === 'string') throw new Error(run);
  return run;
};

/** The chart drawn to a PNG and decoded: RGBA pixels. */
async function picture(spec: object): Promise<{ width: number; height: number; data: Uint8Array }> {
  const png = PNG.sync.read(Buffer.from((await renderChart(spec)).png));
  return { width: png.width, height: png.height, data: png.data };
}

/** How many pixels of the picture have exactly this colour. */
function count(r: { width: number; height: number; data: Uint8Array }, [red, g, b]: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < r.width * r.height; i++) if (r.data[4 * i] === red && r.data[4 * i + 1] === g && r.data[4 * i + 2] === b) n++;
  return n;
}

/** The lowest pixel row holding this colour. */
function lowestRow(r: { width: number; height: number; data: Uint8Array }, [red, g, b]: readonly number[]): number {
  for (let y = r.height - 1; y >= 0; y--) {
    for (let x = 0; x < r.width; x++) {
      const i = 4 * (y * r.width + x);
      if (r.data[i] === red && r.data[i + 1] === g && r.data[i + 2] === b) return y;
    }
  }
  return -1;
}

describe('loss curves', () => {
  it("reads the loss history of each training stage's model.json, skipping other stages", () => {
    const dir = makeRun(join(root, 'two'), { data: { items: 4 }, first: { finalLoss: 0.1 }, second: { finalLoss: 0.2 } }, { losses: { first: [1, 0.5, 0.1], second: [2, 0.2] } });
    expect(lossCurves(read(dir))).toEqual([{ stage: 'first', loss: [1, 0.5, 0.1] }, { stage: 'second', loss: [2, 0.2] }]);
    expect(lossCurves(read(makeRun(join(root, 'none'), { data: { items: 4 } })))).toEqual([]);
  });

  it('draws one coloured line per run and stage', async () => {
    const loss = (k: number): number[] => Array.from({ length: 40 }, (_, i) => k * 0.9 ** i);
    const r = await picture(lossComparisonFigure([
      { label: 'a', curves: [{ stage: 'model', loss: loss(1) }] },
      { label: 'b', curves: [{ stage: 'model', loss: loss(10) }] },
    ]));
    expect(r.width).toBeGreaterThan(300);
    expect(r.height).toBeGreaterThan(200);
    expect(count(r, SERIES[0]!)).toBeGreaterThan(100);
    expect(count(r, SERIES[1]!)).toBeGreaterThan(100);
    expect(count(r, SERIES[2]!)).toBe(0);
  });

  it('draws a curve with values at or below zero on a linear axis', async () => {
    const spec = lossComparisonFigure([
      { label: 'a', curves: [{ stage: 'model', loss: [1, 0.5, 0, -0.5] }] },
      { label: 'b', curves: [{ stage: 'model', loss: [2, 1, 0.5, 0.25] }] },
    ]);
    expect((spec as { params: { name: string; value: unknown }[] }).params.find((p) => p.name === 'logY')?.value).toBe(false);
    const r = await picture(spec);
    // On a log axis the values <= 0 would be dropped; on a linear one the line goes down to -0.5,
    // the lowest value, at the bottom of the plot.
    expect(count(r, SERIES[0]!)).toBeGreaterThan(100);
    expect(count(r, SERIES[1]!)).toBeGreaterThan(100);
    expect(lowestRow(r, SERIES[0]!)).toBeGreaterThan(r.height * 0.7);
    expect(lowestRow(r, SERIES[1]!)).toBeLessThan(r.height * 0.7);
  });
});
