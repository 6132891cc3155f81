import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, ROOT, tempDir } from './sia.js';

/**
 * Issue 10, item 1: Ctrl-C (SIGINT) or SIGTERM stops training at the next batch boundary within a
 * second; the stage is marked interrupted in metrics.json, index.html and run.log; exit 130 / 143.
 */
const tmp = tempDir('sia-interrupt-');
const PIPELINE = join(ROOT, 'pipelines', 'dae-letters.yaml');
/** The model stage's epoch bound, as the pipeline ships it. */
const EPOCHS = (parse(readFileSync(PIPELINE, 'utf8')) as { stages: { model: { with: { epochs: number } } } }).stages.model.with.epochs;
afterAll(tmp.remove);

async function interrupted(signal: NodeJS.Signals, out: string): Promise<{ code: number | null; stderr: string; stopMs: number }> {
  const child = spawn(process.execPath, [MAIN, 'run', PIPELINE, '--out', out, '--no-cache'], {
    cwd: tmp.dir,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let sentAt = 0;
  child.stdout.resume();
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    // Once training has run a moment, interrupt it.
    if (sentAt === 0 && /\[model\] start/.test(stderr)) {
      sentAt = -1;
      setTimeout(() => {
        sentAt = performance.now();
        child.kill(signal);
      }, 1500);
    }
  });
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  return { code, stderr, stopMs: performance.now() - sentAt };
}

describe('interrupting a run', () => {
  for (const [signal, exit] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} stops training within a second, marks the stage interrupted and exits ${exit}`, async () => {
      const out = join(tmp.dir, signal);
      const r = await interrupted(signal, out);
      expect(r.code, r.stderr).toBe(exit);
      expect(r.stopMs).toBeLessThan(1000);
      expect(r.stderr).toMatch(/stopping at the next batch boundary/);
      expect(r.stderr).toMatch(new RegExp(`stage model: train/autoencoder interrupted after epoch \\d+ of ${EPOCHS}\\b`));
      expect(r.stderr).toMatch(/dae-letters: interrupted; the finished stages' files/);
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
      expect(metrics.model).toMatchObject({ status: 'interrupted' });
      expect(metrics.glyphs?.items).toBe(32); // the finished stages' metrics are kept
      expect(Object.keys(metrics)).not.toContain('sweep'); // no later stage started
      expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/<div class="stage" id="stage-model"><h3>model <span class="badge st-interrupted">interrupted<\/span>/);
      expect(readFileSync(join(out, 'run.log'), 'utf8')).toMatch(/\[model\] interrupted: train\/autoencoder interrupted after epoch/);
    }, 60_000);
  }
});
