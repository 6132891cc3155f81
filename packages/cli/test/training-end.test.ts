import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sia, tempDir } from './sia.js';

/**
 * The end of a training stage as a user sees it (plain lines: no TTY here) and the history it
 * leaves: pipelines/ae-letters-5.yaml stops early (stopWithin: 0) after a few dozen epochs, well
 * inside the engine's progress throttle, so the last epoch must be delivered on its own.
 */
const FILE = join(ROOT, 'pipelines', 'ae-letters-5.yaml');
const tmp = tempDir('sia-training-end-');
afterAll(() => tmp.remove());

interface ModelMetrics {
  epochs: number;
  finalLoss: number;
  stop: string;
}
const metricsOf = (out: string): ModelMetrics => (JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { model: ModelMetrics }).model;
const csvOf = (out: string): string[][] => readFileSync(join(out, 'model', 'history.csv'), 'utf8').split('\r\n').filter((l) => l.length > 0).map((l) => l.split(','));
/** formatNumber's four significant digits. */
const four = (x: number): string => String(Number(x.toPrecision(4)));

describe('a training stage that stops early', () => {
  it('ends on its real last epoch and loss, and writes history.csv with one row per epoch', async () => {
    const out = join(tmp.dir, 'early');
    const r = await sia(['run', FILE, '--out', out, '--no-cache'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const m = metricsOf(out);
    expect(m.stop).toBe('goal');
    expect(m.epochs).toBeLessThan(2000);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[model]'));
    expect(lines.at(-2)).toMatch(new RegExp(`\\[model\\] epoch ${m.epochs}/2000  loss ${four(m.finalLoss)}  .*ETA 0 ms  maxWrongPixels 0$`));
    expect(lines.at(-1)).toMatch(new RegExp(`\\[model\\] done in .*, ${m.epochs} epochs, loss ${four(m.finalLoss)}, 3 files$`));

    const csv = csvOf(out);
    // No schedule: no learning_rate; stopWithin counts wrong pixels every epoch (checkEvery 1).
    expect(csv[0]).toEqual(['epoch', 'loss', 'max_wrong_pixels']);
    expect(csv).toHaveLength(m.epochs + 1);
    expect(csv.slice(1).map((row) => Number(row[0]))).toEqual(Array.from({ length: m.epochs }, (_, i) => i + 1));
    expect(Number(csv.at(-1)![1])).toBe(m.finalLoss);
    expect(csv.at(-1)![2]).toBe('0');
    expect(csv.slice(1).every((row) => /^\d+$/.test(row[2]!))).toBe(true);
  }, 60_000);

  it('with a schedule and checkEvery, has learning_rate and empty cells between counts; a cached rerun leaves the same file', async () => {
    const sets = ['--set', 'stages.model.with.schedule={type: exponential, final: 0.001}', '--set', 'stages.model.with.checkEvery=4', '--set', 'stages.model.with.epochs=20'];
    const first = join(tmp.dir, 'scheduled');
    const a = await sia(['run', FILE, '--out', first, ...sets], { cwd: tmp.dir });
    expect(a.code, a.stderr).toBe(0);
    // 20 epochs are too few to reach the goal at these rates: the run trains them all.
    expect(metricsOf(first).epochs).toBe(20);
    const csv = csvOf(first);
    expect(csv[0]).toEqual(['epoch', 'loss', 'learning_rate', 'max_wrong_pixels']);
    expect(csv).toHaveLength(21);
    // Exponential from Adam's 0.01 to 0.001 over 20 epochs: 0.01 at epoch 1, 0.001 at epoch 20.
    expect(Number(csv[1]![2])).toBe(0.01);
    expect(Number(csv[20]![2])).toBeCloseTo(0.001, 15);
    // Counted at epochs 4, 8, 12, 16, 20 only.
    expect(csv.slice(1).filter((row) => row[3] !== '').map((row) => Number(row[0]))).toEqual([4, 8, 12, 16, 20]);
    const again = join(tmp.dir, 'again');
    const b = await sia(['run', FILE, '--out', again, ...sets], { cwd: tmp.dir });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/\[model\] cached in /);
    expect(readFileSync(join(again, 'model', 'history.csv'), 'utf8')).toBe(readFileSync(join(first, 'model', 'history.csv'), 'utf8'));
  }, 60_000);
});
