import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PIPELINES, sia, tempDir } from './sia.js';

/** `sia run` end to end on the fixture pipeline (fixture plugins; the real trainers have their own tests). */
const tmp = tempDir('sia-run-');
afterAll(tmp.remove);
const GOOD = join(PIPELINES, 'good.yaml');

describe('sia run', () => {
  it('runs every stage, writes the run folder, and says where the outputs are', async () => {
    const out = join(tmp.dir, 'ok');
    const r = await sia(['run', GOOD, '--out', out, '--seed', '42'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['pipeline.resolved.yaml', 'metrics.json', 'index.html', 'ramp.txt']) expect(existsSync(join(out, f)), f).toBe(true);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(metrics)).toEqual(['$run', 'data', 'model', 'score']);
    // 20 epochs of loss *= (1 - 0.1)^2 from 1: 0.81^20 = 0.014780882941434...
    expect(metrics.model?.finalLoss).toBeCloseTo(0.81 ** 20, 12);
    expect(readFileSync(join(out, 'pipeline.resolved.yaml'), 'utf8')).toMatch(/^seed: 42$/m);
    // stdout: the summary; stderr: plain progress lines (not a TTY).
    expect(r.stdout).toContain('fixture-good: done in');
    expect(r.stdout).toContain(`outputs  ok`);
    expect(r.stdout).toContain(join('ok', 'index.html'));
    expect(r.stdout).toContain(join('ok', 'metrics.json'));
    expect(r.stdout).toMatch(/model +finalLoss=0\.01478 +epochs=20 +activation=fixture:wave/);
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d \[model\] start train\/fixture:fit$/m);
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d \[model\] epoch 20\/20 +loss 0\.01478/m);
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d \[model\] done in /m);
  });

  it('puts each run in runs/<name>/<YYYYMMDD-HHMMSS> and never reuses a folder', async () => {
    const cwd = join(tmp.dir, 'default-out');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cwd);
    const [a, b] = await Promise.all([sia(['run', GOOD, '--quiet'], { cwd }), sia(['run', GOOD, '--quiet'], { cwd })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const runs = readdirSync(join(cwd, 'runs', 'fixture-good')).sort();
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run).toMatch(/^\d{8}-\d{6}(-\d+)?$/);
      expect(existsSync(join(cwd, 'runs', 'fixture-good', run, 'metrics.json'))).toBe(true);
    }
  });

  it('--quiet prints no progress, only the summary', async () => {
    const r = await sia(['run', GOOD, '--quiet', '--out', join(tmp.dir, 'quiet')], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('fixture-good: done in');
  });

  it('reuses cached stages on a rerun, and --no-cache runs them again', async () => {
    const cwd = join(tmp.dir, 'cache');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cwd);
    const first = await sia(['run', GOOD, '--out', 'one'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/\[data\] done in/);
    const second = await sia(['run', GOOD, '--out', 'two'], { cwd });
    expect(second.stderr).toMatch(/\[data\] cached in .*, 1 file/);
    expect(second.stdout).toContain('(1 of 3 stages from the cache)');
    // The cached stage's files are restored into the new run folder.
    expect(readFileSync(join(cwd, 'two', 'ramp.txt'), 'utf8')).toBe('r0 r1 r2 r3 r4\n');
    const forced = await sia(['run', GOOD, '--out', 'three', '--no-cache'], { cwd });
    expect(forced.stderr).toMatch(/\[data\] done in/);
    expect(forced.stdout).not.toContain('from the cache');
  });

  it('a failure while running exits 1, names the stage and the epoch, and keeps what was written', async () => {
    const out = join(tmp.dir, 'diverged');
    // rate 1e60: loss *= (1e60)^2 per epoch: 1e120, 1e240, then Infinity at epoch 3.
    const r = await sia(['run', GOOD, '--out', out, '--set', 'stages.model.with.rate=1e60'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.endsWith(']'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^stage model: .*train\/fixture:fit.*epoch 3.* \[run\/diverged\]$/);
    // The last progress the engine passed on is shown (the engine throttles what it forwards).
    expect(r.stderr).toMatch(/\[model\] epoch \d+\/20 +loss /);
    expect(r.stderr).toContain('the run stopped; what was written so far is in');
    expect(r.stdout).toBe('');
    // The earlier stage's file and the bookkeeping are intact.
    expect(readFileSync(join(out, 'ramp.txt'), 'utf8')).toBe('r0 r1 r2 r3 r4\n');
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    expect(metrics).toEqual({ $run: expect.objectContaining({ status: 'failed', ended: expect.any(String) }), data: { rows: 5 }, model: { status: 'failed', error: expect.stringMatching(/^train\/fixture:fit failed.*epoch 3/) } });
    expect(existsSync(join(out, 'pipeline.resolved.yaml'))).toBe(true);
  });
});

describe('sia validate', () => {
  it('prints ok and the number of stages, and writes nothing', async () => {
    const cwd = join(tmp.dir, 'validate');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cwd);
    const r = await sia(['validate', GOOD, '--seed', '3', '--set', 'stages.model.with.epochs=2'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('ok: 3 stages\n');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('sia run with the real plugins (dataset/font, train/autoencoder, evaluate/pixel-error)', () => {
  const LETTERS = join(PIPELINES, 'letters.yaml');

  it('trains, evaluates and writes the model, the figure and the metrics', async () => {
    const out = join(tmp.dir, 'letters');
    const r = await sia(['run', LETTERS, '--out', out, '--set', 'stages.model.with.epochs=40'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['model/model.safetensors', 'model/model.json', 'errors/reconstructions.png', 'index.html', 'metrics.json']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(typeof metrics.errors?.maxWrongPixels).toBe('number');
    expect(Object.keys(metrics.errors?.wrongPixels as object)).toHaveLength(8);
    expect(r.stdout).toMatch(/^ +errors +.*maxWrongPixels=\d+/m);
  });

  it('a huge learning rate makes the loss non-finite: exit 1, the stage and epoch named, earlier output kept', async () => {
    const out = join(tmp.dir, 'letters-diverged');
    const r = await sia(['run', LETTERS, '--out', out, '--set', 'stages.model.with.optimizer={type: gd, rate: 1e300}'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => / \[run\/[a-z]+\]$/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/stage model: .*train\/autoencoder.*epoch \d+.* \[run\/diverged\]$/);
    expect(r.stdout).not.toContain('done in');
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(metrics)).toEqual(['$run', 'glyphs', 'model']);
    expect(metrics.model).toMatchObject({ status: 'failed', error: expect.stringMatching(/epoch \d+/) });
    expect(existsSync(join(out, 'pipeline.resolved.yaml'))).toBe(true);
    expect(existsSync(join(out, 'model'))).toBe(false);
  });
});

