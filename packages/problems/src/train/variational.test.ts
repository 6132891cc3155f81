import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { StageFailure, type ModelArtifact } from '@sia/core';
import { emojiDataset } from '../datasets/emoji.js';
import { readModel, saveModel } from '../model/model-files.js';
import { MODEL_REVIVERS } from '../model/revivers.js';
import { trainVariational, type VariationalTrainOptions } from './variational.js';
import { VariationalModel } from './variational-model.js';
import { testContext, testRegistry } from './__fixtures__/context.js';

const registry = testRegistry();
const data = emojiDataset({ faces: ['smile', 'angry', 'dead'] });
const tmp = mkdtempSync(join(tmpdir(), 'sia-vae-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small, fast configuration (a few epochs of plain gradient descent). */
function options(extra: Partial<VariationalTrainOptions> = {}): VariationalTrainOptions {
  return {
    encoder: [16],
    latent: 2,
    hidden: { type: 'tanh' },
    output: { type: 'logistic', beta: 0.5 },
    loss: { type: 'bce', reduction: 'sum' },
    optimizer: { type: 'fixture:gd', rate: 0.002 },
    updater: { type: 'fixture:batches', batchSize: 2 },
    initializer: { type: 'glorot' },
    epochs: 12,
    beta: 1,
    warmup: 0,
    threshold: 0.5,
    ...extra,
  };
}

const weightsOf = (a: ModelArtifact) => Object.values(a.model.tensors()).map((t) => Array.from(t.data));

describe('train/variational', () => {
  it('is deterministic: same seed => identical weights and history, another seed => different', () => {
    const a = trainVariational(options(), data, testContext(registry, 7));
    const b = trainVariational(options(), data, testContext(registry, 7));
    const c = trainVariational(options(), data, testContext(registry, 8));
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(a.model.history).toEqual(b.model.history);
    expect(weightsOf(c)).not.toEqual(weightsOf(a));
  });

  it('keeps loss, reconstruction and KL per epoch, with loss = reconstruction + w·KL', () => {
    // Warm-up over 4 epochs with beta 2: w = 0, 0.5, 1, 1.5, 2, 2, ...
    const r = trainVariational(options({ beta: 2, warmup: 4 }), data, testContext(registry, 7));
    const h = r.model.history;
    expect(Object.keys(h).sort()).toEqual(['kl', 'loss', 'reconstruction']);
    for (const curve of Object.values(h)) expect(curve).toHaveLength(12);
    const w = [0, 0.5, 1, 1.5, 2, 2, 2, 2, 2, 2, 2, 2];
    h.loss!.forEach((loss, e) => expect(loss).toBeCloseTo(h.reconstruction![e]! + w[e]! * h.kl![e]!, 9));
    expect(r.metrics.epochs).toBe(12);
    expect(r.imageShape).toEqual([20, 20]);
    expect(r.model.trainer).toBe('train/variational');
  });

  it('reduces the objective over a short run', () => {
    const r = trainVariational(options({ epochs: 100, optimizer: { type: 'fixture:gd', rate: 0.005 } }), data, testContext(registry, 3));
    const loss = r.model.history.loss!;
    expect(loss[loss.length - 1]!).toBeLessThan(loss[0]! / 2);
  });

  it('fails with run/diverged and the epoch when the loss is not finite', () => {
    let failure: unknown;
    try {
      trainVariational(options({ optimizer: { type: 'fixture:gd', rate: 1e30 } }), data, testContext(registry, 7));
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(StageFailure);
    expect((failure as StageFailure).code).toBe('run/diverged');
    expect((failure as StageFailure).epoch).toBeGreaterThan(0);
  });

  it('saves and loads back (safetensors + model.json) with identical reconstructions and history', () => {
    const r = trainVariational(options(), data, testContext(registry, 7));
    const dir = join(tmp, 'model');
    saveModel(r.model, dir, { imageShape: r.imageShape! });
    const { model, description } = readModel(dir, MODEL_REVIVERS, testContext(registry, 1));
    expect(model).toBeInstanceOf(VariationalModel);
    expect(description.trainer).toBe('train/variational');
    expect(Array.from(model.reconstruct(data.inputs).data)).toEqual(Array.from(r.model.reconstruct(data.inputs).data));
    expect(Array.from(model.encode(data.inputs).data)).toEqual(Array.from(r.model.encode(data.inputs).data));
    expect(model.history).toEqual(r.model.history);
  });
});
