import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { Matrix, StageFailure, type ModelArtifact } from '@sia/core';
import { emojiDataset } from '../datasets/emoji.js';
import { fontDataset } from '../datasets/font.js';
import { checkModelFolder, readModel, saveModel } from '../model/model-files.js';
import { readFileSync as readBytes, writeFileSync as writeBytes } from 'node:fs';
import { gaussianNoise } from '../noise/gaussian.js';
import { autoencoderPlugin } from './autoencoder.js';
import { variationalTrainerPlugin } from './variational.js';
import { trainModel, type TrainResult } from './train-model.js';
import type { TrainDefaults, TrainOptions } from './train-options.js';
import { testContext, testRegistry, trainerOptions } from './__fixtures__/context.js';

const registry = testRegistry();
const faces = emojiDataset({ faces: ['smile', 'angry', 'dead'] });
const glyphs = fontDataset({ count: 5 });
const tmp = mkdtempSync(join(tmpdir(), 'sia-train-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const withDefaults = trainerOptions;

/** A small, fast variational configuration (a few epochs of plain gradient descent). */
function vae(extra: Partial<TrainOptions> = {}, seed = 7): TrainResult {
  const { config, defaults } = withDefaults(variationalTrainerPlugin, {
    encoder: [16],
    hidden: { type: 'tanh' },
    optimizer: { type: 'fixture:gd', rate: 0.002 },
    updater: { type: 'fixture:batches', batchSize: 2 },
    initializer: { type: 'glorot' },
    epochs: 12,
    ...extra,
  });
  return trainModel(config, defaults, faces, testContext(registry, seed));
}

function ae(extra: Partial<TrainOptions> = {}, data = glyphs, seed = 3): TrainResult {
  const { config, defaults } = withDefaults(autoencoderPlugin, { encoder: [16], epochs: 300, optimizer: { type: 'fixture:gd', rate: 0.5 }, updater: { type: 'fixture:batches', batchSize: 5 }, ...extra });
  return trainModel(config, defaults, data, testContext(registry, seed));
}

const weightsOf = (a: ModelArtifact) => Object.values(a.model.tensors()).map((t) => Array.from(t.data));

describe('the trainer with problem: variational', () => {
  it('is deterministic: same seed => identical weights and history, another seed => different', () => {
    const a = vae();
    const b = vae();
    const c = vae({}, 8);
    expect(weightsOf(a.artifact)).toEqual(weightsOf(b.artifact));
    expect(a.artifact.history).toEqual(b.artifact.history);
    expect(weightsOf(c.artifact)).not.toEqual(weightsOf(a.artifact));
  });

  it('keeps loss, reconstruction and KL per epoch, with loss = reconstruction + w·KL', () => {
    // Warm-up over 4 epochs with beta 2: w = 0, 0.5, 1, 1.5, 2, 2, ...
    const r = vae({ problem: { type: 'variational', beta: 2, warmup: 4 } });
    const h = r.artifact.history;
    expect(Object.keys(h).sort()).toEqual(['kl', 'loss', 'reconstruction']);
    for (const curve of Object.values(h)) expect(curve).toHaveLength(12);
    const w = [0, 0.5, 1, 1.5, 2, 2, 2, 2, 2, 2, 2, 2];
    h.loss!.forEach((loss, e) => expect(loss).toBeCloseTo(h.reconstruction![e]! + w[e]! * h.kl![e]!, 9));
    expect(r.metrics.epochs).toBe(12);
    expect(r.metrics.finalKl).toBe(h.kl![11]);
    expect(r.artifact.imageShape).toEqual([20, 20]);
    // The heads keep their names: mean and logvar.
    expect(Object.keys(r.artifact.model.tensors())).toEqual(
      ['encoder.0.weight', 'encoder.0.bias', 'mean.weight', 'mean.bias', 'logvar.weight', 'logvar.bias', 'decoder.0.weight', 'decoder.0.bias', 'decoder.1.weight', 'decoder.1.bias'],
    );
  });

  it('reduces the objective over a short run', () => {
    const loss = vae({ epochs: 100, optimizer: { type: 'fixture:gd', rate: 0.005 } }).artifact.history.loss!;
    expect(loss[loss.length - 1]!).toBeLessThan(loss[0]! / 2);
  });

  it('follows a learning-rate schedule and keeps the best weights, like every problem', () => {
    const r = vae({ epochs: 30, optimizer: { type: 'fixture:gd', rate: 0.005 }, schedule: { type: 'cosine', final: 0.0001 }, keepBest: true });
    expect(r.metrics).toHaveProperty('maxWrongPixels');
    const plain = vae({ epochs: 30, optimizer: { type: 'fixture:gd', rate: 0.005 } });
    expect(weightsOf(r.artifact)).not.toEqual(weightsOf(plain.artifact));
  });

  it('fails with run/diverged and the epoch when the loss is not finite', () => {
    let failure: unknown;
    try {
      vae({ optimizer: { type: 'fixture:gd', rate: 1e30 } });
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(StageFailure);
    expect((failure as StageFailure).code).toBe('run/diverged');
    expect((failure as StageFailure).epoch).toBeGreaterThan(0);
  });

  it('saves and loads back (safetensors + model.json) through its plugins, with identical codes and history', () => {
    const r = vae();
    const dir = join(tmp, 'vae');
    saveModel(r.artifact, dir);
    const { artifact, description } = readModel(dir, testContext(registry, 1));
    expect(description.spec.problem).toEqual({ type: 'variational', beta: 1, warmup: 0 });
    expect(description.plugins).toEqual(['layer/dense', 'problem/variational']);
    expect(Array.from(artifact.model.reconstruct(faces.inputs).data)).toEqual(Array.from(r.artifact.model.reconstruct(faces.inputs).data));
    expect(Array.from(artifact.model.encode(faces.inputs).data)).toEqual(Array.from(r.artifact.model.encode(faces.inputs).data));
    expect(artifact.history).toEqual(r.artifact.history);
    expect(artifact.imageShape).toEqual([20, 20]);
  });
});

describe('the trainer with problem: conventional', () => {
  it('stops on the wrong-pixel goal and says so', () => {
    const r = ae({ stopWithin: 1, epochs: 5000, optimizer: { type: 'fixture:gd', rate: 1 } });
    expect(r.metrics.stop).toBe('goal');
    expect(r.metrics.maxWrongPixels).toBeLessThanOrEqual(1);
    expect(r.metrics.goalEpoch).toBe(r.metrics.epochs);
  });

  it('stops once the epoch loss is at or below stopLoss (the earlier tool\'s epsilon)', () => {
    const full = ae({ keepBest: false });
    const loss = full.artifact.history.loss!;
    const threshold = loss[99]!; // the loss after 100 epochs
    const r = ae({ keepBest: false, stopLoss: threshold });
    expect(r.metrics.stop).toBe('loss');
    expect(r.metrics.epochs).toBeLessThanOrEqual(100);
    expect(r.artifact.history.loss!.at(-1)!).toBeLessThanOrEqual(threshold);
    expect(r.artifact.history.loss!.slice(0, -1).every((l) => l > threshold)).toBe(true);
  });

  it('has only a loss curve and no extra terms', () => {
    expect(Object.keys(ae({ epochs: 5 }).artifact.history)).toEqual(['loss']);
  });

  it('refuses noisy inputs, and denoising refuses clean ones', () => {
    const noisy = { ...glyphs, noise: { name: 'gaussian', config: {}, apply: gaussianNoise(0.2) } };
    expect(() => ae({ epochs: 2 }, noisy)).toThrow(/use problem: \{ type: denoising \}/);
    expect(() => ae({ epochs: 2, problem: { type: 'denoising' } })).toThrow(/needs noisy inputs/);
    const r = ae({ epochs: 2, problem: { type: 'denoising' } }, noisy);
    expect(r.metrics.epochs).toBe(2);
    // The problem may bring its own noise instead of a noise stage.
    const own = ae({ epochs: 2, problem: { type: 'denoising', noise: { type: 'gaussian', std: 0.2 } } });
    expect(own.metrics.epochs).toBe(2);
  });

  it('takes a layer list: the earlier tool\'s 35-16-8-2 layout, written layer by layer', () => {
    const r = ae({
      epochs: 3,
      encoder: [
        { type: 'flatten' },
        { type: 'dense', units: 16, activation: { type: 'tanh', beta: 1 } },
        { type: 'dense', units: 8, activation: { type: 'tanh', beta: 1 } },
        { type: 'dense', units: 2, activation: { type: 'tanh', beta: 0.5 } },
      ],
      output: { type: 'logistic', beta: 1 },
    });
    const layers = r.artifact.model.spec.decoder;
    expect(layers).toEqual([
      { type: 'dense', units: 8, activation: { type: 'tanh', beta: 1 } },
      { type: 'dense', units: 16, activation: { type: 'tanh', beta: 1 } },
      { type: 'dense', units: 35, activation: { type: 'logistic', beta: 1 } },
      { type: 'reshape', shape: [7, 5, 1] },
    ]);
    expect(r.artifact.model.reconstruct(glyphs.inputs)).toBeInstanceOf(Matrix);
  });

  it('saves and revives conv, batch-norm and dropout layers: running statistics with the weights, dropout off at inference', () => {
    const r = ae({
      epochs: 4,
      encoder: [
        { type: 'conv2d', filters: 3, kernel: 3, padding: 1, activation: { type: 'relu' } },
        { type: 'batch-norm' },
        { type: 'flatten' },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 2 },
      ],
    });
    const names = Object.keys(r.artifact.model.tensors());
    expect(names).toContain('encoder.1.running_mean');
    expect(names).toContain('encoder.1.running_var');
    // Four epochs of one batch each moved the running mean away from its start (0).
    expect(Array.from(r.artifact.model.tensors()['encoder.1.running_mean']!.data).some((v) => v !== 0)).toBe(true);
    // Inference is deterministic: dropout is the identity, batch-norm uses its running statistics.
    const once = Array.from(r.artifact.model.reconstruct(glyphs.inputs).data);
    expect(Array.from(r.artifact.model.reconstruct(glyphs.inputs).data)).toEqual(once);
    const dir = join(tmp, 'conv');
    saveModel(r.artifact, dir);
    const { artifact, description } = readModel(dir, testContext(registry, 1));
    expect(description.plugins).toEqual(['layer/batch-norm', 'layer/conv2d', 'layer/conv2d-transpose', 'layer/dense', 'layer/dropout', 'layer/flatten', 'layer/reshape', 'problem/conventional']);
    expect(Array.from(artifact.model.reconstruct(glyphs.inputs).data)).toEqual(once);
    expect(Array.from(artifact.model.tensors()['encoder.1.running_var']!.data)).toEqual(Array.from(r.artifact.model.tensors()['encoder.1.running_var']!.data));
  });

  it('a saved model with a NaN weight is refused when checked (model/invalid), naming the tensor', () => {
    const r = ae({ epochs: 2 });
    const dir = join(tmp, 'nan');
    saveModel(r.artifact, dir);
    expect(() => checkModelFolder(dir, testContext(registry, 1))).not.toThrow();
    const file = join(dir, 'model.safetensors');
    const bytes = readBytes(file);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    bytes.writeDoubleLE(Number.NaN, 8 + headerLength); // the first value of the first tensor
    writeBytes(file, bytes);
    let error: unknown;
    try {
      checkModelFolder(dir, testContext(registry, 1));
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).toBe('model/invalid');
    expect((error as Error).message).toMatch(/model\.safetensors: tensor \S+ holds a non-finite value \(NaN at index 0\)/);
  });
});
