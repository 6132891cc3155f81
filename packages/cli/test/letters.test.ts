import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SLOW = 120_000; // spawns several real training runs
import { ROOT, sia, tempDir } from './sia.js';

/**
 * The conventional autoencoder end to end through the real command: the shipped
 * pipelines/ae-letters.yaml (all 32 glyphs within one wrong pixel), its pictures and model
 * files, starting a pipeline from the saved model, and the cache of the trained model.
 */
const tmp = tempDir('sia-letters-');
afterAll(tmp.remove);
const LETTERS = join(ROOT, 'pipelines', 'ae-letters.yaml');
const BASELINE = join(ROOT, 'pipelines', 'ae-letters-baseline.yaml');
type Metrics = Record<string, Record<string, unknown>>;
const metricsOf = (dir: string): Metrics => JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as Metrics;

describe('pipelines/ae-letters.yaml', () => {
  const out = join(tmp.dir, 'letters');

  it('learns all 32 glyphs within one wrong pixel and stops on the goal', async () => {
    const r = await sia(['run', LETTERS, '--out', out, '--quiet'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const m = metricsOf(out);
    expect(m.fidelity?.items).toBe(32);
    expect(m.fidelity?.maxWrongPixels as number).toBeLessThanOrEqual(1);
    expect(m.fidelity?.itemsWithin).toBe(32);
    expect(Object.keys(m.fidelity?.wrongPixels as object)).toHaveLength(32);
    // The stop rule ended training on the epoch the goal was reached, well inside the budget.
    expect(m.model?.stop).toBe('goal');
    expect(m.model?.goalEpoch).toBe(m.model?.epochs);
    expect(m.model?.epochs as number).toBeLessThan(3000);
  }, SLOW);

  it('leaves the pictures, the model files and an index that shows them', () => {
    const pictures = ['fidelity/reconstructions.png', 'plane/latent.png', 'letters/grid.png', 'points/decoded.png', 'loss/loss.png'];
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const f of pictures) {
      const bytes = readFileSync(join(out, f));
      // PNG signature: 89 50 4E 47 0D 0A 1A 0A
      expect(Array.from(bytes.subarray(0, 8)), f).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(index).toContain(`src="${f}"`);
    }
    const model = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')) as Record<string, any>;
    expect(model.format).toBe('sia-model');
    expect(model.version).toBe(2);
    expect(model.spec.problem).toEqual({ type: 'conventional' });
    expect(model.plugins).toEqual(['layer/dense', 'problem/conventional']);
    // The widths shorthand written out: dense 64, 32 (tanh), the latent 2 (linear), then the mirror.
    expect(model.spec.inputShape).toEqual([35]);
    expect(model.spec.encoder.map((l: { units: number }) => l.units)).toEqual([64, 32, 2]);
    expect(model.spec.decoder.map((l: { units: number }) => l.units)).toEqual([32, 64, 35]);
    expect(model.spec.encoder[2].activation).toEqual({ type: 'linear' });
    expect(model.spec.decoder[2].activation).toEqual({ type: 'logistic', beta: 0.5 });
    expect(model.pipeline.name).toBe('ae-letters');
    expect(existsSync(join(out, 'model', 'model.safetensors'))).toBe(true);
  });

  it('starts another pipeline from the saved model and reconstructs exactly as before', async () => {
    const file = join(tmp.dir, 'from-model.yaml');
    writeFileSync(
      file,
      [
        'name: from-model',
        'stages:',
        '  glyphs: { uses: dataset/font }',
        `  model: { uses: model/load, with: { path: ${JSON.stringify(join(out, 'model'))} } }`,
        '  fidelity: { uses: evaluate/pixel-error, inputs: { model: model, data: glyphs } }',
        '',
      ].join('\n'),
    );
    const again = join(tmp.dir, 'from-model');
    const r = await sia(['run', file, '--out', again, '--quiet'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(metricsOf(again).fidelity).toEqual(metricsOf(out).fidelity);
  }, SLOW);

  it('a model/load path with no saved model is bad input, found before anything runs', async () => {
    const file = join(tmp.dir, 'no-model.yaml');
    writeFileSync(file, 'name: no-model\nstages:\n  model: { uses: model/load, with: { path: ./nowhere } }\n');
    const out = join(tmp.dir, 'no-model');
    const r = await sia(['run', file, '--out', out, '--quiet'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-model\.yaml:3:\d+ at stages\.model\.with: no saved model at .*nowhere .*\[model\/invalid\]/);
    expect(existsSync(out)).toBe(false);
  }, SLOW);

  it('reuses the trained model when only a sample stage changes, and --no-cache trains again', async () => {
    const cwd = tmp.dir; // the cache lives in <cwd>/.sia-cache
    const first = await sia(['run', LETTERS, '--out', 'c1'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const second = await sia(['run', LETTERS, '--out', 'c2', '--set', 'stages.letters.with.partitions=5'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/\[model\] cached/);
    expect(metricsOf(join(cwd, 'c2')).letters?.partitions).toBe(5);
    // The cached stage's files are restored into the new run folder.
    expect(existsSync(join(cwd, 'c2', 'model', 'model.safetensors'))).toBe(true);
    expect(metricsOf(join(cwd, 'c2')).fidelity).toEqual(metricsOf(join(cwd, 'c1')).fidelity);
    const forced = await sia(['run', LETTERS, '--out', 'c3', '--no-cache'], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).not.toMatch(/\[model\] cached/);
    expect(forced.stderr).toMatch(/\[model\] done/);
    // A changed training option misses the cache.
    const changed = await sia(['run', LETTERS, '--out', 'c4', '--set', 'stages.model.with.optimizer.rate=0.02'], { cwd });
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).not.toMatch(/\[model\] cached/);
  }, SLOW);
});

describe('keep-best', () => {
  it('ends no worse than the last epoch on the same trajectory', async () => {
    // Same seed, same updates: keep-best only changes which weights are kept at the end,
    // so its max wrong pixels can only be lower or equal.
    const args = (keep: boolean, dir: string) => [
      'run', BASELINE, '--out', join(tmp.dir, dir), '--quiet', '--no-cache',
      '--set', 'stages.model.with.epochs=400', '--set', 'stages.model.with.optimizer.rate=8',
      '--set', `stages.model.with.keepBest=${keep}`,
    ];
    const [a, b] = await Promise.all([sia(args(true, 'best'), { cwd: tmp.dir }), sia(args(false, 'last'), { cwd: tmp.dir })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const best = metricsOf(join(tmp.dir, 'best'));
    const last = metricsOf(join(tmp.dir, 'last'));
    expect(best.model?.epochs).toBe(400);
    expect(best.model?.bestEpoch as number).toBeGreaterThan(0);
    expect(best.model?.bestEpoch as number).toBeLessThanOrEqual(400);
    expect(best.fidelity?.maxWrongPixels as number).toBeLessThanOrEqual(last.fidelity?.maxWrongPixels as number);
  }, SLOW);
});
