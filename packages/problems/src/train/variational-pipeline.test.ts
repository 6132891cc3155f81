import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { loadPipeline, parsePipelineText, runPipeline } from '@sia/core';
import { testRegistry } from './__fixtures__/context.js';

const tmp = mkdtempSync(join(tmpdir(), 'sia-vae-pipeline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The shape of pipelines/vae-emoji.yaml, shortened (few epochs, fixture optimizer). */
const PIPELINE = `
name: vae-short
seed: 3
stages:
  faces: { uses: dataset/emoji }
  model:
    uses: train/variational
    inputs: { data: faces }
    with:
      encoder: [16]
      optimizer: { type: fixture:gd, rate: 0.005 }
      updater: { type: fixture:batches, batchSize: 4 }
      epochs: 5
      problem: { type: variational, warmup: 2 }
  fidelity: { uses: evaluate/reconstruction, inputs: { model: model, data: faces } }
  plane: { uses: sample/latent-scatter, inputs: { model: model, data: faces } }
  grid:
    uses: sample/latent-grid
    inputs: { model: model }
    with: { partitions: 4, x: [-3, 3], y: [-3, 3] }
  blend:
    uses: sample/interpolate
    inputs: { model: model, data: faces }
    with: { from: smile, to: dead, steps: 5 }
  prior:
    uses: sample/prior
    inputs: { model: model }
    with: { count: 6 }
  loss: { uses: sample/loss-curve, inputs: { model: model } }
`;

describe('a variational pipeline through the engine', () => {
  it('trains, evaluates, samples and writes every expected file; a rerun takes the model from the cache', async () => {
    const registry = testRegistry();
    const source = parsePipelineText(join(tmp, 'vae-short.yaml'), PIPELINE)._unsafeUnwrap();
    const plan = loadPipeline(source, registry);
    expect(plan.isOk(), plan.isErr() ? JSON.stringify(plan.error) : '').toBe(true);
    const out = join(tmp, 'run');
    const cacheDir = join(tmp, 'cache');
    const run = await runPipeline(plan._unsafeUnwrap(), { outDir: out, cacheDir });
    expect(run.isOk(), run.isErr() ? JSON.stringify(run.error) : '').toBe(true);

    for (const f of [
      'model/model.safetensors',
      'model/model.json',
      'model/history.csv',
      'fidelity/reconstructions.png',
      'plane/latent.png',
      'grid/grid.png',
      'blend/interpolation.png',
      'prior/prior.png',
      'loss/loss.png',
      'metrics.json',
      'index.html',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const fidelity = metrics.fidelity!;
    expect(Object.keys(fidelity.wrongPixels as object)).toEqual(['smile', 'surprise', 'sunglasses', 'wink', 'angry', 'happy', 'emotionless', 'dead']);
    expect(fidelity.maxWrongPixels).toBe(Math.max(...Object.values(fidelity.wrongPixels as Record<string, number>)));
    expect(fidelity.meanAbsoluteError).toBeGreaterThan(0);
    expect(fidelity.meanAbsoluteError).toBeLessThan(1);
    expect(metrics.loss).toHaveProperty('final_kl');
    expect(metrics.loss).toHaveProperty('final_reconstruction');
    expect((metrics.prior!.codes as number[][]).length).toBe(6);
    const model = JSON.parse(readFileSync(join(out, 'model/model.json'), 'utf8')) as { spec: { problem: { type: string } }; history: Record<string, number[]> };
    expect(model.spec.problem.type).toBe('variational');
    expect(Object.keys(model.history).sort()).toEqual(['kl', 'loss', 'reconstruction']);

    // Same pipeline again: the model comes from the cache (through the model codec), and the
    // samples drawn from it are the same.
    const again = await runPipeline(plan._unsafeUnwrap(), { outDir: join(tmp, 'run2'), cacheDir });
    const summary = again._unsafeUnwrap();
    expect(summary.stages.find((s) => s.id === 'model')?.cached).toBe(true);
    expect(summary.metrics).toEqual(run._unsafeUnwrap().metrics);
  });
});
