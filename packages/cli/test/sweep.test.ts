import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, PIPELINES, sia, tempDir } from './sia.js';

/**
 * Issue 11, items 1 to 3: a sweep is data, validated before anything runs; `sia sweep` runs every
 * trial as an ordinary run in parallel worker threads; the results do not depend on the worker
 * count and equal `sia run` of the trial alone; a rerun reuses finished trials; Ctrl-C stops
 * it and --resume continues it.
 */
const tmp = tempDir('sia-sweep-');
afterAll(tmp.remove);
const FILE = join(PIPELINES, 'sweep-letters.yaml');

/** RFC 4180 lines (fields may be quoted, with "" inside). */
function table(dir: string): string[][] {
  return readFileSync(join(dir, 'sweep.csv'), 'utf8').trimEnd().split('\n').map((line) => {
    const out: string[] = [];
    for (const m of line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)) out.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
    return out;
  });
}

/** The CSV without the columns that are clocks or places (they differ from run to run). */
function results(dir: string): string[][] {
  const rows = table(dir);
  const keep = rows[0]!.map((h, i) => (/seconds|trainingSeconds|^folder$/i.test(h) ? -1 : i)).filter((i) => i >= 0);
  return rows.map((r) => keep.map((i) => r[i]!));
}

const model = (run: string): Buffer => readFileSync(join(run, 'model', 'model.safetensors'));

describe('sia sweep', () => {
  it('runs every trial in worker threads; the same results with 1 and 2 workers and as sia run alone', async () => {
    const two = join(tmp.dir, 'two');
    const r2 = await sia(['sweep', FILE, '--workers', '2', '--out', two], { cwd: tmp.dir });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toMatch(/sweep-letters: 4 trials \(grid over stages.model.with.encoder, seed\) on 2 worker threads/);
    expect(r2.stderr).toMatch(/\[4\/4\] t00\d done in/);
    expect(r2.stdout).toMatch(/4 of 4 trials done/);
    const rows = table(two);
    expect(rows[0]!.slice(0, 4)).toEqual(['trial', 'status', 'stages.model.with.encoder', 'seed']);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([['t001', 'done'], ['t002', 'done'], ['t003', 'done'], ['t004', 'done']]);
    expect(rows[0]).toContain('model.epochs');
    expect(rows[0]).toContain('errors.maxWrongPixels');
    expect(readdirSync(join(two, 'trials'))).toEqual(['t001', 't002', 't003', 't004']);
    const json = JSON.parse(readFileSync(join(two, 'sweep.json'), 'utf8')) as { trials: { trial: string; values: Record<string, unknown> }[] };
    expect(json.trials[3]!.values).toEqual({ 'stages.model.with.encoder': [16, 8], seed: 2 });
    expect(readFileSync(join(two, 'index.html'), 'utf8')).toContain('sweep-letters');

    const one = join(tmp.dir, 'one');
    const r1 = await sia(['sweep', FILE, '--workers', '1', '--out', one], { cwd: join(tmp.dir) });
    expect(r1.code, r1.stderr).toBe(0);
    expect(results(one)).toEqual(results(two));
    for (const t of ['t001', 't002', 't003', 't004']) expect(model(join(one, 'trials', t)).equals(model(join(two, 'trials', t)))).toBe(true);

    // Trial 4 alone, as sia run would do it (in another folder: no cache shared).
    const alone = join(tmp.dir, 'alone');
    const ra = await sia(['run', FILE, '--set', 'stages.model.with.encoder=[16,8]', '--set', 'seed=2', '--out', join(alone, 'run'), '-q'], { cwd: tmp.dir });
    expect(ra.code, ra.stderr).toBe(0);
    expect(model(join(alone, 'run')).equals(model(join(two, 'trials', 't004')))).toBe(true);

    // The same sweep again in the same folder: nothing runs.
    const again = await sia(['sweep', FILE, '--workers', '2', '--out', two], { cwd: tmp.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr.match(/done earlier/g)).toHaveLength(4);
    expect(results(two)).toEqual(results(one));
  }, 180_000);

  it('--axis adds an axis; a bad value is refused before anything runs, naming the axis and its line:column', async () => {
    const out = join(tmp.dir, 'bad');
    const bad = await sia(['sweep', join(PIPELINES, 'sweep-bad.yaml'), '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sweep-bad.yaml:14:35 .*sweep axis stages.model.with.epochs, value -3 \(trial t002\)/);
    expect(existsSync(out)).toBe(false);

    const flag = await sia(['sweep', FILE, '--axis', 'stages.model.with.epochs=[20, 0]', '--out', out]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--axis stages.model.with.epochs=\[20, 0\].*sweep axis stages.model.with.epochs, value 0/);
    expect(existsSync(out)).toBe(false);

    const small = join(tmp.dir, 'axis');
    const ok = await sia(['sweep', FILE, '--axis', 'seed=[3]', '--axis', 'stages.model.with.epochs=[10, 20]', '--out', small, '--workers', '2'], { cwd: tmp.dir });
    expect(ok.code, ok.stderr).toBe(0);
    // seed=[3] replaces the file's seed axis; the epochs axis is added.
    expect(ok.stderr).toMatch(/4 trials \(grid over stages.model.with.encoder, seed, stages.model.with.epochs\)/);
    const rows = table(small);
    expect(rows.slice(1).map((r) => r[2])).toEqual(['[8]', '[8]', '[16, 8]', '[16, 8]']);
    expect(rows.slice(1).map((r) => r[3])).toEqual(['3', '3', '3', '3']);
    expect(rows.slice(1).map((r) => r[rows[0]!.indexOf('model.epochs')])).toEqual(['10', '20', '10', '20']);
  }, 120_000);

  it('Ctrl-C stops the running trials cleanly (exit 130); --resume finishes the sweep with the same results', async () => {
    const out = join(tmp.dir, 'stopped');
    const long = ['--set', 'stages.model.with.epochs=50000', '--set', 'stages.model.with.updater={type: online}'];
    const args = [MAIN, 'sweep', FILE, '--workers', '2', '--out', out, ...long];
    const child = spawn(process.execPath, args, { cwd: tmp.dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const closed = new Promise<number | null>((done) => child.on('close', done));
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Interrupt once both running trials are inside their training stage (their logs say the
    // dataset stage is done), not after a fixed time that a fast or a loaded machine overshoots.
    const training = (t: string): boolean => {
      const log = join(out, 'trials', t, 'run.log');
      return existsSync(log) && readFileSync(log, 'utf8').includes('[glyphs] done');
    };
    for (let waited = 0; !(training('t001') && training('t002')); waited += 25) {
      if (waited > 60_000) throw new Error(`the trials never reached their training stage:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    const code = await closed;
    expect(code, stderr).toBe(130);
    const metrics = JSON.parse(readFileSync(join(out, 'trials', 't001', 'metrics.json'), 'utf8')) as Record<string, { status?: string }>;
    expect(metrics.model?.status).toBe('interrupted');
    expect(existsSync(join(out, 'trials', 't001', 'model', 'checkpoint.safetensors'))).toBe(true);
    expect(stderr).toMatch(/interrupted after \d of 4 trials .*sia sweep --resume/);
    const resumed = await sia(['sweep', '--resume', out, '--workers', '2'], { cwd: tmp.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/4 of 4 trials done/);

    const whole = join(tmp.dir, 'whole');
    mkdirSync(join(tmp.dir, 'elsewhere'), { recursive: true }); // its own stage cache
    const w = await sia(['sweep', FILE, '--workers', '2', '--out', whole, ...long], { cwd: join(tmp.dir, 'elsewhere') });
    expect(w.code, w.stderr).toBe(0);
    expect(results(out)).toEqual(results(whole));
    for (const t of ['t001', 't002', 't003', 't004']) expect(model(join(out, 'trials', t)).equals(model(join(whole, 'trials', t)))).toBe(true);
  }, 240_000);
});
