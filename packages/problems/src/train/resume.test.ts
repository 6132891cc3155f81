import { describe, expect, it } from 'vitest';
import { Matrix, decodeCheckpoint, encodeCheckpoint, type Checkpoint, type CheckpointStore, type DatasetArtifact, type StageContext } from '@sia/core';
import { emojiDataset } from '../datasets/emoji.js';
import { fontDataset } from '../datasets/font.js';
import { gaussianNoise } from '../noise/gaussian.js';
import { autoencoderPlugin } from './autoencoder.js';
import { variationalTrainerPlugin } from './variational.js';
import { trainModel, trainSteps, type TrainResult, type TrainSession } from './train-model.js';
import type { TrainDefaults, TrainOptions } from './train-options.js';
import { testContext, testRegistry, trainerOptions } from './__fixtures__/context.js';

/**
 * Issue 10, item 2: a trainer stopped at any pause, saved, and continued from its checkpoint in a
 * fresh process-like setting (new context, new model, new optimizer, new streams) ends with the
 * same bits as the run that was never stopped: weights, history, metrics (but the clock).
 */
const registry = testRegistry();

const options = trainerOptions;

/** A store in memory, the bytes going through the real file encoding. */
function memoryStore(): CheckpointStore & { bytes?: Uint8Array; saves: number } {
  const store = {
    path: 'model/checkpoint.safetensors',
    saves: 0,
    bytes: undefined as Uint8Array | undefined,
    load: (): Checkpoint | undefined => (store.bytes ? decodeCheckpoint(store.bytes).checkpoint : undefined),
    save(c: Checkpoint): string {
      store.bytes = encodeCheckpoint(c, {});
      store.saves++;
      return store.path;
    },
  };
  return store;
}

const withStore = (ctx: StageContext, checkpoints: CheckpointStore): StageContext => ({ ...ctx, checkpoints });

const weights = (r: TrainResult) => Object.values(r.artifact.model.tensors()).map((t) => Array.from(t.data));
const stripClock = (m: Record<string, unknown>) => ({ ...m, trainingSeconds: 0 });

interface Case {
  readonly name: string;
  readonly plugin: typeof autoencoderPlugin;
  readonly extra: Partial<TrainOptions>;
  readonly data: DatasetArtifact;
}

const glyphs = fontDataset({ count: 10 });
const noisy = { ...glyphs, noise: { name: 'gaussian', config: {}, apply: gaussianNoise(0.2) } } as DatasetArtifact;
const faces = emojiDataset({ faces: ['smile', 'angry', 'dead', 'wink'] });
const cases: Case[] = [
  {
    name: 'conventional, online, keep-best, a cosine schedule',
    plugin: autoencoderPlugin,
    extra: { encoder: [12], epochs: 9, optimizer: { type: 'fixture:gd', rate: 0.3 }, updater: { type: 'fixture:batches', batchSize: 1 }, keepBest: true, checkEvery: 2, schedule: { type: 'cosine', final: 0.05 } },
    data: glyphs,
  },
  {
    name: 'conventional (denoising), mini-batch, fresh noise every epoch',
    plugin: autoencoderPlugin,
    extra: { problem: { type: 'denoising' }, encoder: [12], epochs: 8, optimizer: { type: 'fixture:gd', rate: 0.3 }, updater: { type: 'fixture:batches', batchSize: 3 } },
    data: noisy,
  },
  {
    name: 'variational, online, KL warm-up, dropout',
    plugin: variationalTrainerPlugin,
    extra: {
      problem: { type: 'variational', warmup: 4 },
      encoder: [{ type: 'flatten' }, { type: 'dropout', rate: 0.1 }, { type: 'dense', units: 16, activation: { type: 'tanh' } }, { type: 'dense', units: 2 }],
      decoder: [{ type: 'dense', units: 16, activation: { type: 'tanh' } }, { type: 'dense', units: 400, activation: { type: 'logistic' } }, { type: 'reshape', shape: [20, 20, 1] }],
      optimizer: { type: 'fixture:gd', rate: 0.002 }, updater: { type: 'fixture:batches', batchSize: 1 }, initializer: { type: 'glorot' }, epochs: 7,
    },
    data: faces,
  },
  {
    name: 'variational, mini-batch, batch norm',
    plugin: variationalTrainerPlugin,
    extra: {
      encoder: [{ type: 'flatten' }, { type: 'dense', units: 16, activation: { type: 'tanh' } }, { type: 'batch-norm' }, { type: 'dense', units: 2 }],
      decoder: 'mirror',
      optimizer: { type: 'fixture:gd', rate: 0.002 }, updater: { type: 'fixture:batches', batchSize: 2 }, initializer: { type: 'glorot' }, epochs: 7,
    },
    data: faces,
  },
];

describe('a trainer continued from a checkpoint', () => {
  it('stopped inside an epoch (between two batches), ends with the same bits', () => {
    // 130 glyph copies, online: 130 batches an epoch; with pauseMs 0 it pauses after batches 64 and 128 too.
    const all = fontDataset({ count: 26 });
    const five = (m: Matrix): Matrix => {
      const out = new Matrix(m.rows * 5, m.cols);
      for (let k = 0; k < 5; k++) out.data.set(m.data, k * m.data.length);
      return out;
    };
    const many: DatasetArtifact = { ...all, inputs: five(all.inputs), targets: five(all.targets), labels: [0, 1, 2, 3, 4].flatMap(() => all.labels) };
    const { config, defaults } = options(variationalTrainerPlugin, {
      encoder: [12], optimizer: { type: 'fixture:gd', rate: 0.01 }, updater: { type: 'fixture:batches', batchSize: 1 }, epochs: 3,
    });
    const straight = trainModel(config, defaults, many, testContext(registry, 5));
    let pauses = 0;
    for (const s = trainSteps(config, defaults, many, testContext(registry, 5), { epoch: 0, pauseMs: 0 }); s.next().done !== true; ) pauses++;
    expect(pauses).toBe(9);
    for (const at of [1, 2, 4, 8]) {
      const session: TrainSession = { epoch: 0, pauseMs: 0 };
      const first = trainSteps(config, defaults, many, withStore(testContext(registry, 5), memoryStore()), session);
      for (let i = 0; i < at; i++) first.next();
      first.return(undefined as never);
      const store = memoryStore();
      store.save(session.capture!());
      const meta = decodeCheckpoint(store.bytes!).checkpoint.meta;
      if (at % 3 !== 0) expect(meta.batch).toBeGreaterThan(0);
      const resumed = trainModel(config, defaults, many, withStore(testContext(registry, 5), store));
      expect(weights(resumed), `stopped after pause ${at}`).toEqual(weights(straight));
      expect(stripClock(resumed.metrics)).toEqual(stripClock(straight.metrics));
      expect(resumed.artifact.history).toEqual(straight.artifact.history);
    }
  });

  it('the first case records a learning rate and wrong pixels per epoch (so the check below means something)', () => {
    const { config, defaults } = options(cases[0]!.plugin, cases[0]!.extra);
    const r = trainModel(config, defaults, cases[0]!.data, testContext(registry, 5));
    expect(r.artifact.learningRate).toHaveLength(9);
    expect(Array.from(r.maxWrongPixels!).map(Number.isNaN)).toEqual([true, false, true, false, true, false, true, false, false]);
  });

  for (const c of cases) {
    it(`${c.name}: stopped at every pause in turn, ends with the same bits`, () => {
      const { config, defaults } = options(c.plugin, c.extra);
      const straight = trainModel(config, defaults, c.data, testContext(registry, 5));
      let pauses = 0;
      for (const s = trainSteps(config, defaults, c.data, testContext(registry, 5)); s.next().done !== true; ) pauses++;
      expect(pauses).toBe(config.epochs); // one pause at the end of every epoch

      for (let at = 1; at < pauses; at++) {
        const session: TrainSession = { epoch: 0 };
        const first = trainSteps(config, defaults, c.data, withStore(testContext(registry, 5), memoryStore()), session);
        for (let i = 0; i < at; i++) first.next();
        first.return(undefined as never);
        const store = memoryStore();
        store.save(session.capture!());

        const resumed = trainModel(config, defaults, c.data, withStore(testContext(registry, 5), store));
        expect(weights(resumed), `stopped after pause ${at}`).toEqual(weights(straight));
        expect(resumed.artifact.history).toEqual(straight.artifact.history);
        expect(stripClock(resumed.metrics)).toEqual(stripClock(straight.metrics));
        // The per-epoch learning rate and wrong-pixel counts (history.csv) carry over too.
        expect(resumed.artifact.learningRate).toEqual(straight.artifact.learningRate);
        expect(resumed.maxWrongPixels).toEqual(straight.maxWrongPixels);
      }
    });
  }

  it('saves checkpoints every checkpointEvery epochs, and continues from the last one', () => {
    const { config, defaults } = options(autoencoderPlugin, { ...cases[0]!.extra, checkpointEvery: { epochs: 2 } });
    const straight = trainModel(config, defaults, glyphs, testContext(registry, 5));
    const store = memoryStore();
    const s = trainSteps(config, defaults, glyphs, withStore(testContext(registry, 5), store));
    for (let i = 0; i < 7; i++) s.next(); // 7 epochs done: checkpoints after epochs 2, 4, 6
    expect(store.saves).toBe(3);
    expect(decodeCheckpoint(store.bytes!).checkpoint.meta.epoch).toBe(7);
    const logs: string[] = [];
    const resumed = trainModel(config, defaults, glyphs, { ...withStore(testContext(registry, 5), store), log: (m) => logs.push(m) });
    expect(weights(resumed)).toEqual(weights(straight));
    expect(logs).toContain('continuing from the checkpoint at epoch 7');
  });

  it('a checkpoint that does not fit (another width) is noted and training starts over', () => {
    const { config, defaults } = options(autoencoderPlugin, cases[0]!.extra);
    const session: TrainSession = { epoch: 0 };
    const s = trainSteps(config, defaults, glyphs, withStore(testContext(registry, 5), memoryStore()), session);
    s.next();
    const store = memoryStore();
    store.save(session.capture!());
    const wider = options(autoencoderPlugin, { ...cases[0]!.extra, encoder: [13] });
    const logs: string[] = [];
    const got = trainModel(wider.config, wider.defaults, glyphs, { ...withStore(testContext(registry, 5), store), log: (m) => logs.push(m) });
    const fresh = trainModel(wider.config, wider.defaults, glyphs, testContext(registry, 5));
    expect(weights(got)).toEqual(weights(fresh));
    expect(logs.join('\n')).toMatch(/checkpoint model\/checkpoint.safetensors ignored: its model\/encoder.0.weight has 420 Float64Array values, 455 Float64Array expected; training from the start/);
  });
});
