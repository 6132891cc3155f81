import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PlainReporter } from './plain-reporter.js';

/** A stream that keeps what was written, split into lines. */
function sink(): { stream: PassThrough; lines: () => string[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, lines: () => text.split('\n').filter((l) => l.length > 0) };
}

/** Strips the leading HH:MM:SS clock (local time, so not asserted literally). */
const body = (line: string): string => line.replace(/^\d\d:\d\d:\d\d /, '');

describe('PlainReporter', () => {
  const stage = { id: 'model', uses: 'train/autoencoder' };

  function setup(intervalMs = 5000) {
    const err = sink();
    const out = sink();
    let t = 1_000_000;
    const clock = { advance: (ms: number) => (t += ms) };
    const reporter = new PlainReporter({ err: err.stream, out: out.stream, intervalMs, now: () => t });
    return { err, out, clock, reporter };
  }

  it('prints a progress line at most every interval, and the last one at the end of the stage', async () => {
    const { err, clock, reporter } = setup(5000);
    reporter.onStageStart(stage);
    // Epochs every second for 12 s: lines at t=5 s and t=10 s only, then the last (12) at the end.
    for (let epoch = 1; epoch <= 12; epoch++) {
      clock.advance(1000);
      reporter.onEpochEnd(stage, { epoch, epochs: 12, loss: 1 / epoch, elapsedMs: epoch * 1000 });
    }
    clock.advance(10);
    reporter.onStageEnd(stage, { ms: 12_010, cached: false, files: ['model.safetensors', 'model.json'] });
    await new Promise((r) => setImmediate(r));
    const lines = err.lines().map(body);
    expect(lines).toEqual([
      '[model] start train/autoencoder',
      // 5 epochs in 5 s = 1 epoch/s; 7 left -> 7 s.
      '[model] epoch 5/12  loss 0.2  1 epochs/s  ETA 7.00 s',
      '[model] epoch 10/12  loss 0.1  1 epochs/s  ETA 2.00 s',
      '[model] epoch 12/12  loss 0.08333  1 epochs/s  ETA 0 ms',
      '[model] done in 12.0 s, 12 epochs, loss 0.08333, 2 files',
    ]);
    expect(err.lines()[0]).toMatch(/^\d\d:\d\d:\d\d \[model\]/);
  });

  it('does not repeat the last progress line when it was just printed', async () => {
    const { err, clock, reporter } = setup(5000);
    reporter.onStageStart(stage);
    clock.advance(5000);
    reporter.onEpochEnd(stage, { epoch: 3, epochs: 3, loss: 0.25, elapsedMs: 5000 });
    reporter.onStageEnd(stage, { ms: 5000, cached: false, files: [] });
    await new Promise((r) => setImmediate(r));
    expect(err.lines().map(body)).toEqual([
      '[model] start train/autoencoder',
      '[model] epoch 3/3  loss 0.25  0.6 epochs/s  ETA 0 ms',
      '[model] done in 5.00 s, 3 epochs, loss 0.25',
    ]);
  });

  it('says when a stage came from the cache, and prints log lines as they are on stdout', async () => {
    const { err, out, reporter } = setup();
    reporter.onPipelineStart({ name: 'ae-letters', outDir: 'runs/x', stages: [stage, { id: 'fit', uses: 'evaluate/pixel-error' }] });
    reporter.onStageStart(stage);
    reporter.onStageEnd(stage, { ms: 4, cached: true, files: ['model.safetensors'] });
    reporter.onLog(stage, 'char  wrong\n  a      0');
    await new Promise((r) => setImmediate(r));
    expect(err.lines().map(body)).toEqual([
      'ae-letters: 2 stages -> runs/x',
      '[model] start train/autoencoder',
      '[model] cached in 4 ms, 1 file',
    ]);
    expect(out.lines()).toEqual(['char  wrong', '  a      0']);
  });
});

describe('PlainReporter when a run stops', () => {
  it('prints the last progress seen in the failing stage', async () => {
    const err = sink();
    const out = sink();
    let t = 0;
    const reporter = new PlainReporter({ err: err.stream, out: out.stream, now: () => t });
    const stage = { id: 'model', uses: 'train/autoencoder' };
    reporter.onStageStart(stage);
    t = 100;
    reporter.onEpochEnd(stage, { epoch: 3, epochs: 20, loss: Infinity, elapsedMs: 100 });
    reporter.close(false);
    reporter.close(false);
    await new Promise((r) => setImmediate(r));
    // 3 epochs in 0.1 s = 30 epochs/s; 17 left -> 0.567 s.
    expect(err.lines().map(body)).toEqual([
      '[model] start train/autoencoder',
      '[model] epoch 3/20  loss Infinity  30 epochs/s  ETA 567 ms',
    ]);
  });
});
