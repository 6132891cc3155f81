import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createReporter } from './create-reporter.js';
import { OraReporter } from './ora-reporter.js';
import { PlainReporter } from './plain-reporter.js';

/** A stream that claims to be a terminal of the given width. */
function terminal(columns: number): PassThrough & { isTTY: boolean; columns: number } {
  return Object.assign(new PassThrough(), { isTTY: true, columns });
}

describe('createReporter', () => {
  const out = new PassThrough();

  it('uses the spinner on a terminal, plain lines on a pipe, in CI, or on a terminal without width', async () => {
    expect(await createReporter({ quiet: false, err: terminal(100), out, env: {} })).toBeInstanceOf(OraReporter);
    expect(await createReporter({ quiet: false, err: new PassThrough(), out, env: {} })).toBeInstanceOf(PlainReporter);
    expect(await createReporter({ quiet: false, err: terminal(100), out, env: { CI: 'true' } })).toBeInstanceOf(PlainReporter);
    expect(await createReporter({ quiet: false, err: terminal(100), out, env: { TERM: 'dumb' } })).toBeInstanceOf(PlainReporter);
    expect(await createReporter({ quiet: false, err: terminal(0), out, env: {} })).toBeInstanceOf(PlainReporter);
  });

  it('--quiet prints no progress but still passes log lines to stdout', async () => {
    const err = terminal(100);
    const log = new PassThrough();
    let text = '';
    let progress = '';
    log.on('data', (d: Buffer) => (text += d.toString()));
    err.on('data', (d: Buffer) => (progress += d.toString()));
    const r = await createReporter({ quiet: true, err, out: log, env: {} });
    const stage = { id: 'model', uses: 'train/autoencoder' };
    r.onPipelineStart?.({ name: 'x', outDir: 'o', stages: [stage] });
    r.onStageStart?.(stage);
    r.onEpochEnd?.(stage, { epoch: 1, epochs: 2, loss: 1, elapsedMs: 10 });
    r.onLog?.(stage, 'a table');
    r.onStageEnd?.(stage, { ms: 10, cached: false, files: [] });
    r.close(true);
    await new Promise((done) => setImmediate(done));
    expect(progress).toBe('');
    expect(text).toBe('a table\n');
  });
});
