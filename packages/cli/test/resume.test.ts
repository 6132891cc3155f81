import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, PIPELINES, ROOT, sia, tempDir } from './sia.js';

/**
 * Issue 10, item 2: a run interrupted (Ctrl-C) or killed (kill -9) and continued with
 * `sia run --resume <folder>` ends with the same bytes in model.safetensors as the same run never
 * stopped: the conventional trainer online (Adam, a cosine schedule, keep-best) and the variational
 * trainer in mini-batches. Each run works in its own folder, so no stage cache is shared: the
 * resumed run really continues from its checkpoint.
 */
const tmp = tempDir('sia-resume-');
afterAll(tmp.remove);

function start(args: readonly string[], cwd: string): { child: ChildProcess; stderr: () => string; done: Promise<number | null> } {
  mkdirSync(cwd, { recursive: true });
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { child, stderr: () => stderr, done };
}

const until = async (test: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const weights = (run: string): Buffer => readFileSync(join(run, 'model', 'model.safetensors'));

describe('sia run --resume', () => {
  it('after Ctrl-C: the conventional trainer, online, continues to the same bytes', async () => {
    const file = join(PIPELINES, 'resume-online.yaml');
    const whole = start(['run', file, '--out', 'run', '-q'], join(tmp.dir, 'a-whole'));
    expect(await whole.done, whole.stderr()).toBe(0);

    const cwd = join(tmp.dir, 'a-stopped');
    const first = start(['run', file, '--out', 'run'], cwd);
    await until(() => /\[model\] start/.test(first.stderr()));
    await new Promise((r) => setTimeout(r, 1500)); // about a third of the training
    first.child.kill('SIGINT');
    expect(await first.done, first.stderr()).toBe(130);
    const run = join(cwd, 'run');
    expect(first.stderr()).toMatch(/interrupted after epoch \d+ of 8000; the checkpoint is in model\/checkpoint.safetensors \(sia run --resume continues from it\)/);
    expect(first.stderr()).toMatch(/sia run --resume run continues the run/);
    expect(existsSync(join(run, 'model', 'checkpoint.safetensors'))).toBe(true);
    expect(existsSync(join(run, 'model', 'model.safetensors'))).toBe(false);

    // From another folder: the run goes back to where it started.
    const again = await sia(['run', '--resume', run, '-q'], { cwd: tmp.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(weights(run).equals(weights(join(tmp.dir, 'a-whole', 'run')))).toBe(true);
    expect(existsSync(join(run, 'model', 'checkpoint.safetensors'))).toBe(false);
    const log = readFileSync(join(run, 'run.log'), 'utf8');
    expect(log).toMatch(/\[model\] interrupted: [^\n]*\n.*resumed \(sia run --resume\)\n/s);
    expect(log).toMatch(/\[model\] continuing from the checkpoint at epoch \d+/);
    const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const straight = JSON.parse(readFileSync(join(tmp.dir, 'a-whole', 'run', 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect({ ...metrics.model, trainingSeconds: 0 }).toEqual({ ...straight.model, trainingSeconds: 0 });
    expect(metrics.errors).toEqual(straight.errors);
  }, 120_000);

  it('after kill -9: the variational trainer, mini-batch, continues from its last checkpoint to the same bytes', async () => {
    const args = ['run', join(ROOT, 'pipelines', 'vae-emoji.yaml'), '--out', 'run', '-q', '--set', 'stages.model.with.epochs=3000', '--set', 'stages.model.with.checkpointEvery.epochs=200'];
    const whole = start(args, join(tmp.dir, 'b-whole'));
    expect(await whole.done, whole.stderr()).toBe(0);

    const cwd = join(tmp.dir, 'b-killed');
    const first = start(args, cwd);
    const checkpoint = join(cwd, 'run', 'model', 'checkpoint.safetensors');
    await until(() => existsSync(checkpoint), 60_000);
    first.child.kill('SIGKILL');
    expect(await first.done).toBe(null);
    expect(existsSync(join(cwd, 'run', 'model', 'model.safetensors'))).toBe(false);

    const again = await sia(['run', '--resume', join(cwd, 'run'), '-q'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(weights(join(cwd, 'run')).equals(weights(join(tmp.dir, 'b-whole', 'run')))).toBe(true);
    expect(readFileSync(join(cwd, 'run', 'run.log'), 'utf8')).toMatch(/\[model\] continuing from the checkpoint at epoch (\d+)/);
  }, 120_000);

  it('refuses, exit 2 and nothing changed: a folder without a run, a pipeline edited since, extra arguments', async () => {
    const plain = join(tmp.dir, 'c-empty');
    mkdirSync(plain, { recursive: true });
    const none = await sia(['run', '--resume', plain]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/holds no resumable sia run \(no run.json\)/);

    const cwd = join(tmp.dir, 'c-edited');
    mkdirSync(cwd, { recursive: true });
    cpSync(join(PIPELINES, 'letters.yaml'), join(cwd, 'letters.yaml'));
    expect((await sia(['run', 'letters.yaml', '--out', 'run', '-q'], { cwd })).code).toBe(0);
    writeFileSync(join(cwd, 'letters.yaml'), readFileSync(join(cwd, 'letters.yaml'), 'utf8').replace('epochs: 100', 'epochs: 101'));
    const before = readFileSync(join(cwd, 'run', 'run.log'), 'utf8');
    const edited = await sia(['run', '--resume', 'run'], { cwd });
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/the pipeline or a plugin changed since the run started \(line \d+ of pipeline.resolved.yaml was 'epochs: 100', now 'epochs: 101'\)/);
    expect(readFileSync(join(cwd, 'run', 'run.log'), 'utf8')).toBe(before);

    const extra = await sia(['run', 'letters.yaml', '--resume', 'run', '--seed', '3'], { cwd });
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/--resume takes the run's own pipeline, seed and overrides; drop a pipeline file, --seed/);
    const nothing = await sia(['run'], { cwd });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/run needs a pipeline file \(or --resume <run-folder>\)/);
  }, 60_000);
});
