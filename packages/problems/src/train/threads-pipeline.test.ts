import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { loadPipeline, parsePipelineText, runPipeline, setThreads, threadsReady, threadStats } from '@sia/core';
import { testRegistry } from './__fixtures__/context.js';

const tmp = mkdtempSync(join(tmpdir(), 'sia-threads-pipeline-'));
afterAll(() => {
  setThreads(1);
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * A variational autoencoder wide enough that its products split over two threads (batch 8 of
 * 400 pixels into 512 units: 8·400·512 ≈ 1.6M multiply-adds, several parts) and narrow ones that
 * do not (the 2-unit latent): both routes in one model.
 */
const PIPELINE = `
name: vae-threads
seed: 5
stages:
  faces: { uses: dataset/emoji }
  model:
    uses: train/variational
    inputs: { data: faces }
    with:
      encoder: [512, 64]
      optimizer: { type: fixture:gd, rate: 0.002 }
      updater: { type: fixture:batches, batchSize: 8 }
      epochs: 12
      problem: { type: variational, warmup: 2 }
`;

async function train(threads: number): Promise<Buffer> {
  expect(setThreads(threads)).toBe(threads);
  expect(await threadsReady()).toBe(true); // the worker is up before the first step
  const source = parsePipelineText(join(tmp, 'vae-threads.yaml'), PIPELINE)._unsafeUnwrap();
  const plan = loadPipeline(source, testRegistry())._unsafeUnwrap();
  const out = join(tmp, `run-${threads}`);
  const run = await runPipeline(plan, { outDir: out, cacheDir: join(tmp, `cache-${threads}`) });
  expect(run.isOk(), run.isErr() ? JSON.stringify(run.error) : '').toBe(true);
  return readFileSync(join(out, 'model', 'model.safetensors'));
}

describe('training with kernel threads', () => {
  it('gives the same weights, to the bit, with 1 and with 2 threads', async () => {
    const one = await train(1);
    expect(threadStats().jobs).toBe(0);
    const two = await train(2);
    const stats = threadStats();
    expect(stats.threads).toBe(2);
    expect(stats.jobs).toBeGreaterThanOrEqual(3 * 12); // the wide products of each of the 12 steps were split...
    expect(stats.workerParts).toBeGreaterThan(0); // ...and the worker ran parts of them
    expect(two.equals(one)).toBe(true);
  }, 120_000);
});
