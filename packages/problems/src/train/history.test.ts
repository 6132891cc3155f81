import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Matrix, type DatasetArtifact, type LatentSnapshot, type ModelArtifact, type Progress } from '@sia/core';
import { emojiDataset } from '../datasets/emoji.js';
import { fontDataset } from '../datasets/font.js';
import { readModel, saveModel } from '../model/model-files.js';
import { autoencoderPlugin } from './autoencoder.js';
import { historyCsv } from './history-csv.js';
import { scheduledRate } from './rate-schedule.js';
import { trainModel, trainSteps, type TrainResult } from './train-model.js';
import type { TrainOptions } from './train-options.js';
import { variationalTrainerPlugin } from './variational.js';
import { testContext, testRegistry, trainerOptions } from './__fixtures__/context.js';

const registry = testRegistry();
const glyphs = fontDataset({ count: 5 });
const faces = emojiDataset({ faces: ['smile', 'angry', 'dead', 'wink'] });
const tmp = mkdtempSync(join(tmpdir(), 'sia-history-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Reported = Omit<Progress, 'elapsedMs'>;

function ae(extra: Partial<TrainOptions>, progress: (p: Reported) => void = () => {}): TrainResult {
  const { config, defaults } = trainerOptions(autoencoderPlugin, { encoder: [16], epochs: 12, optimizer: { type: 'fixture:gd', rate: 0.5 }, updater: { type: 'fixture:batches', batchSize: 5 }, ...extra });
  return trainModel(config, defaults, glyphs, { ...testContext(registry, 3), progress });
}

/** `k` copies of the rows of `m`, one after another. */
function repeat(m: Matrix, k: number): Matrix {
  const out = new Matrix(m.rows * k, m.cols);
  for (let i = 0; i < k; i++) out.data.set(m.data, i * m.data.length);
  return out;
}

const weightsOf = (a: ModelArtifact): number[][] => Object.values(a.model.tensors()).map((t) => Array.from(t.data));

describe('historyCsv', () => {
  it('writes RFC 4180: a header, one CRLF-ended row per epoch, empty cells where nothing was measured, odd names quoted', () => {
    const text = historyCsv({ history: { loss: [0.5, 0.25, 0.125], reconstruction: [0.4, 0.2, 0.1], 'l1, "sparse"': [1, 2, 3] }, learningRate: [0.1, 0.05, 0.025] }, [7, Number.NaN, 2]);
    expect(text).toBe(
      'epoch,loss,reconstruction,"l1, ""sparse""",learning_rate,max_wrong_pixels\r\n' +
        '1,0.5,0.4,1,0.1,7\r\n' +
        '2,0.25,0.2,2,0.05,\r\n' +
        '3,0.125,0.1,3,0.025,2\r\n',
    );
  });

  it('has only epoch and loss for a constant rate and no counts; numbers read back to the same doubles', () => {
    const loss = [0.1 + 0.2, 1 / 3];
    const text = historyCsv({ history: { loss } });
    const [header, ...rows] = text.trimEnd().split('\r\n');
    expect(header).toBe('epoch,loss');
    expect(rows.map((r) => Number(r.split(',')[1]))).toEqual(loss);
  });
});

describe('the trainer records per epoch', () => {
  it('the learning rate each epoch trained with, when a schedule runs (absent for a constant rate)', () => {
    const schedule = { type: 'cosine', final: 0.05 } as const;
    const r = ae({ schedule });
    // Epoch e trains with the schedule's rate for e; epoch 1 with the optimizer's own (0.5).
    const want = Array.from({ length: 12 }, (_, i) => scheduledRate(schedule, 0.5, i + 1, 12));
    expect(r.artifact.learningRate).toEqual(want);
    expect(r.artifact.learningRate![0]).toBe(0.5);
    expect(r.artifact.learningRate![11]).toBeCloseTo(0.05, 15);
    expect(ae({}).artifact.learningRate).toBeUndefined();
  });

  it('max wrong pixels every checkEvery epochs and at the last, NaN between; none when never counted', () => {
    const r = ae({ keepBest: true, checkEvery: 5 });
    const counted = Array.from(r.maxWrongPixels!, (v, i) => (Number.isNaN(v) ? undefined : i + 1)).filter((e) => e !== undefined);
    expect(counted).toEqual([5, 10, 12]);
    expect(r.maxWrongPixels![11]).toBe(r.metrics.maxWrongPixels);
    expect(ae({ keepBest: false }).maxWrongPixels).toBeUndefined();
    const csv = historyCsv(r.artifact, r.maxWrongPixels).split('\r\n');
    expect(csv[0]).toBe('epoch,loss,max_wrong_pixels');
    expect(csv[1]).toMatch(/^1,[0-9.e-]+,$/);
    expect(csv[5]).toMatch(/^5,[0-9.e-]+,\d+$/);
  });

  it('keeps the learning rate through save and load, beside (not among) the curves', () => {
    const r = ae({ schedule: { type: 'step', every: 4, factor: 0.5 } });
    const dir = join(tmp, 'scheduled');
    saveModel(r.artifact, dir);
    const { artifact, description } = readModel(dir, testContext(registry, 1));
    expect(artifact.learningRate).toEqual([0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125]);
    expect(artifact.history).toEqual(r.artifact.history);
    expect(Object.keys(description.history ?? {})).toEqual(['loss', 'learningRate']);
    const plain = join(tmp, 'constant');
    saveModel(ae({}).artifact, plain);
    expect(readModel(plain, testContext(registry, 1)).artifact.learningRate).toBeUndefined();
  });
});

describe('progress of an early stop', () => {
  it('the stop epoch is marked last, with its own loss; a full run ends at epochs without it', () => {
    const seen: Reported[] = [];
    const r = ae({ epochs: 5000, stopWithin: 1, optimizer: { type: 'fixture:gd', rate: 1 } }, (p) => seen.push({ ...p }));
    const stop = r.metrics.epochs as number;
    expect(stop).toBeLessThan(5000);
    expect(seen.filter((p) => p.last === true).map((p) => p.epoch)).toEqual([stop]);
    expect(seen.at(-1)).toMatchObject({ epoch: stop, last: true, loss: r.artifact.history.loss![stop - 1] });
    const full: Reported[] = [];
    ae({ epochs: 7 }, (p) => full.push({ ...p }));
    expect(full.map((p) => [p.epoch, p.last])).toEqual([1, 2, 3, 4, 5, 6, 7].map((e) => [e, false]));
  });
});

describe('Progress.latent', () => {
  /** A variational model with dropout and batch norm: everything that draws or keeps state in training. */
  const vae = trainerOptions(variationalTrainerPlugin, {
    problem: { type: 'variational', warmup: 3 },
    encoder: [{ type: 'flatten' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 16, activation: { type: 'tanh' } }, { type: 'batch-norm' }, { type: 'dense', units: 2 }],
    decoder: 'mirror',
    optimizer: { type: 'fixture:gd', rate: 0.002 },
    updater: { type: 'fixture:batches', batchSize: 1 },
    initializer: { type: 'glorot' },
    epochs: 6,
  });

  /** Trains, calling latent() at every progress report and at every pause of the trainer (pauseMs 0) when `ask`. */
  function run(ask: boolean, data: DatasetArtifact = faces): { result: TrainResult; snapshots: LatentSnapshot[] } {
    const snapshots: LatentSnapshot[] = [];
    let latest: (() => LatentSnapshot | undefined) | undefined;
    const take = (): void => {
      const s = ask ? latest?.() : undefined;
      if (s !== undefined) snapshots.push(s);
    };
    const ctx = { ...testContext(registry, 11), progress: (p: Reported) => ((latest = p.latent), take()) };
    const steps = trainSteps(vae.config, vae.defaults, data, ctx, { epoch: 0, pauseMs: 0 });
    for (;;) {
      const r = steps.next();
      if (r.done === true) return { result: r.value, snapshots };
      take();
    }
  }

  it('calling it at every progress event and every pause gives bit-identical weights, history and metrics', () => {
    // 20 copies of the faces, online: 80 batches an epoch, so the trainer also pauses inside
    // epochs (after batch 64), where a live view's timer may call it too.
    const copies = 20;
    const many: DatasetArtifact = { ...faces, inputs: repeat(faces.inputs, copies), targets: repeat(faces.targets, copies), labels: Array.from({ length: copies }, () => faces.labels).flat() };
    const asked = run(true, many);
    const never = run(false, many);
    // 6 progress reports, 6 end-of-epoch pauses and 5 pauses inside an epoch (the one in epoch 1
    // comes before the first report, so there is nothing to call yet).
    expect(asked.snapshots.length).toBe(17);
    expect(asked.snapshots[0]!.xy).toHaveLength(80 * 2);
    expect(weightsOf(asked.result.artifact)).toEqual(weightsOf(never.result.artifact));
    expect(asked.result.artifact.history).toEqual(never.result.artifact.history);
    expect({ ...asked.result.metrics, trainingSeconds: 0 }).toEqual({ ...never.result.metrics, trainingSeconds: 0 });
  });

  it('gives the codes of the training items (n×2, the mean, inference mode) with their labels and the epoch', () => {
    const { result, snapshots } = run(true);
    const last = snapshots.at(-1)!;
    expect(last.epoch).toBe(6);
    expect(last.labels).toEqual(faces.labels);
    expect(last.xy).toBeInstanceOf(Float64Array);
    expect(last.xy).toHaveLength(faces.labels.length * 2);
    // The same numbers the samplers get from the trained model.
    expect(Array.from(last.xy)).toEqual(Array.from(result.artifact.model.encode(faces.inputs).data));
    // Epochs go 1..6 in order; each call allocates its own array.
    expect(snapshots.map((s) => s.epoch).filter((e, i, a) => i === 0 || e !== a[i - 1])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(snapshots[0]!.xy).not.toBe(snapshots[1]!.xy);
  });

  it('is offered only for a 2-D code', () => {
    const seen: Reported[] = [];
    ae({ latent: 3, epochs: 2 }, (p) => seen.push(p));
    expect(seen.every((p) => p.latent === undefined)).toBe(true);
    ae({ epochs: 2 }, (p) => seen.push(p));
    expect(typeof seen.at(-1)!.latent).toBe('function');
  });
});
