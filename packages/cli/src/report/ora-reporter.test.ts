import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OraReporter } from './ora-reporter.js';

/** Collects what a stream received, with ANSI escapes removed. */
function capture(): { stream: PassThrough & { isTTY: boolean; columns: number }; text: () => string } {
  // The tty.WriteStream methods ora calls, as no-ops: only the text matters here.
  const stream = Object.assign(new PassThrough(), {
    isTTY: true,
    columns: 120,
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
  });
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString('utf8')));
  // eslint-disable-next-line no-control-regex
  return { stream, text: () => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') };
}

describe('OraReporter', () => {
  const stage = { id: 'model', uses: 'train/autoencoder' };

  it('draws progress on the spinner at most every redrawMs and leaves a summary line per stage', async () => {
    const err = capture();
    const out = capture();
    let t = 0;
    const r = new OraReporter({ err: err.stream, out: out.stream, isEnabled: true, redrawMs: 100, now: () => t });
    r.onStageStart(stage);
    // 10 epochs, 30 ms apart: redraws at t = 120 (epoch 4), 240 (8) only.
    for (let epoch = 1; epoch <= 10; epoch++) {
      t += 30;
      r.onEpochEnd(stage, { epoch, epochs: 10, loss: 1 / epoch, elapsedMs: t });
    }
    r.onLog(stage, 'a table line');
    r.onStageEnd(stage, { ms: 300, cached: false, files: [] });
    r.onStageStart({ id: 'font', uses: 'dataset/font' });
    r.onStageEnd({ id: 'font', uses: 'dataset/font' }, { ms: 2, cached: true, files: [] });
    r.close(true);
    await new Promise((done) => setImmediate(done));
    const text = err.text();
    expect(text).toContain('model  epoch 4/10  loss 0.25');
    expect(text).toContain('model  epoch 8/10  loss 0.125');
    expect(text).not.toContain('epoch 5/10');
    // The persisted line names the stage, the last epoch and loss, and the time.
    expect(text).toContain('model  train/autoencoder  10 epochs  loss 0.1  300 ms');
    expect(text).toContain('font  dataset/font  2 ms  (cached)');
    expect(out.text()).toBe('a table line\n');
  });

  it('marks the running stage as failed when the run stops', async () => {
    const err = capture();
    const r = new OraReporter({ err: err.stream, out: capture().stream, isEnabled: true });
    r.onStageStart(stage);
    r.onPipelineEnd({ outDir: 'o', ms: 5, ok: false });
    r.close(false);
    await new Promise((done) => setImmediate(done));
    expect(err.text()).toContain('model  failed');
  });
});
