import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ImportedConfig } from './read-config.js';
import { pipelineName, toPipeline } from './to-pipeline.js';

const encoder: ImportedConfig['encoder'] = [
  { neuronQty: 16, activation: { type: 'TANH' } },
  { neuronQty: 8, activation: { type: 'LOGISTIC', beta: 2 } },
  { neuronQty: 2, activation: { type: 'LINEAR', beta: 0.5 } },
];

describe('pipelineName', () => {
  it('reduces the base name to lowercase words and dashes', () => {
    expect(pipelineName('some/dir/conventional.json')).toBe('conventional');
    expect(pipelineName('My Config_v2.json')).toBe('my-config-v2');
    expect(pipelineName('fooBar.json')).toBe('foo-bar');
    expect(pipelineName('__.json')).toBe('imported');
  });
});

describe('toPipeline', () => {
  it('maps a conventional configuration', () => {
    const text = toPipeline(
      {
        problem: 'CONVENTIONAL',
        epsilon: 0.001,
        maxEpochs: 5000,
        optimizer: { type: 'GRADIENT_DESCENT', rate: 0.5, alpha: 0.9, beta1: 0.9 },
        updater: { type: 'ONLINE' },
        encoder,
        seed: 4,
      },
      { file: 'x/conventional.json' },
    );
    expect(text.startsWith('# imported from x/conventional.json by sia import\n')).toBe(true);
    const doc = parse(text) as { name: string; seed: number; stages: Record<string, { uses: string; inputs?: Record<string, string>; with?: Record<string, unknown> }> };
    expect(doc.name).toBe('conventional');
    expect(doc.seed).toBe(4);
    expect(Object.keys(doc.stages)).toEqual(['data', 'model', 'fidelity', 'plane', 'loss']);
    expect(doc.stages.data.uses).toBe('dataset/font');
    const model = doc.stages.model;
    expect(model.uses).toBe('train/autoencoder');
    expect(model.inputs).toEqual({ data: 'data' });
    expect(model.with).toEqual({
      problem: { type: 'conventional' },
      encoder: [
        { type: 'flatten' },
        { type: 'dense', units: 16, activation: { type: 'tanh', beta: 1 } },
        { type: 'dense', units: 8, activation: { type: 'logistic', beta: 2 } },
        { type: 'dense', units: 2, activation: { type: 'linear' } },
      ],
      decoder: 'mirror',
      output: { type: 'logistic', beta: 1 },
      loss: { type: 'mse' },
      optimizer: { type: 'gd', rate: 0.5 },
      updater: { type: 'online' },
      initializer: { type: 'uniform', min: -1, max: 1 },
      epochs: 5000,
      stopLoss: 0.001,
      keepBest: false,
    });
    expect(doc.stages.fidelity).toEqual({ uses: 'evaluate/pixel-error', inputs: { model: 'model', data: 'data' }, with: { within: 1 } });
  });

  it('adds a noise stage for DENOISING and trains on it', () => {
    const gaussian = parse(toPipeline({ problem: 'DENOISING', noise: { type: 'GAUSSIAN', level: 0.2, threshold: 0.1 }, encoder }, { file: 'd.json' })) as {
      stages: Record<string, { uses: string; inputs?: Record<string, string>; with?: Record<string, unknown> }>;
    };
    expect(gaussian.stages.noisy).toEqual({ uses: 'noise/gaussian', inputs: { data: 'data' }, with: { std: 0.2 } });
    expect(gaussian.stages.model.inputs).toEqual({ data: 'noisy' });
    expect(gaussian.stages.model.with?.problem).toEqual({ type: 'denoising' });
    expect(Object.keys(gaussian.stages)).toEqual(['data', 'noisy', 'model', 'fidelity', 'sweep', 'plane', 'loss']);
    // Scored against the clean glyphs, not the noisy copies.
    expect(gaussian.stages.fidelity.inputs).toEqual({ model: 'model', data: 'data' });
    expect(gaussian.stages.sweep).toEqual({ uses: 'evaluate/noise-sweep', inputs: { model: 'model', data: 'data' }, with: { within: 1 } });
    const sp = parse(toPipeline({ problem: 'DENOISING', noise: { type: 'SALT_AND_PEPPER', level: 0.2, threshold: 0.1 }, encoder }, { file: 'd.json' })) as typeof gaussian;
    expect(sp.stages.noisy).toEqual({ uses: 'noise/salt-and-pepper', inputs: { data: 'data' }, with: { p: 0.1 } });
  });

  it('maps VARIATIONAL to the emoji, bce summed and the VAE evaluation stages', () => {
    const doc = parse(
      toPipeline(
        { problem: 'VARIATIONAL', optimizer: { type: 'ADAM', rate: 0.003, alpha: 0.9, beta1: 0.8, beta2: 0.99 }, updater: { type: 'MINI-BATCH', batchSize: 8 }, encoder },
        { file: 'v.json' },
      ),
    ) as { seed?: number; stages: Record<string, { uses: string; with?: Record<string, unknown> }> };
    expect(doc.seed).toBeUndefined();
    expect(doc.stages.data.uses).toBe('dataset/emoji');
    expect(doc.stages.model.with?.problem).toEqual({ type: 'variational', beta: 1, warmup: 0 });
    expect(doc.stages.model.with?.loss).toEqual({ type: 'bce', reduction: 'sum' });
    expect(doc.stages.model.with?.optimizer).toEqual({ type: 'adam', rate: 0.003, beta1: 0.8, beta2: 0.99 });
    expect(doc.stages.model.with?.updater).toEqual({ type: 'mini-batch', batchSize: 8 });
    expect(Object.values(doc.stages).map((s) => s.uses)).toEqual([
      'dataset/emoji',
      'train/autoencoder',
      'evaluate/reconstruction',
      'sample/latent-scatter',
      'sample/latent-grid',
      'sample/loss-curve',
    ]);
  });

  it('maps MOMENTUM to rate and alpha', () => {
    const doc = parse(toPipeline({ problem: 'CONVENTIONAL', optimizer: { type: 'MOMENTUM', rate: 0.1, alpha: 0.5, beta1: 0.9 }, updater: { type: 'BATCH', batchSize: 3 }, encoder }, { file: 'm.json' })) as {
      stages: { model: { with: Record<string, unknown> } };
    };
    expect(doc.stages.model.with.optimizer).toEqual({ type: 'momentum', rate: 0.1, alpha: 0.5 });
    expect(doc.stages.model.with.updater).toEqual({ type: 'batch' });
  });
});
