import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sia, tempDir } from './sia.js';

/**
 * Issue 9, item 4: a third party adds a layer and a problem (examples/sia-plugin-sparse), through
 * the same API as the built-ins; a pipeline trains with them and saves the model, and a second
 * pipeline revives it through them.
 */
const EXAMPLE = join(ROOT, 'examples', 'sia-plugin-sparse');
const tmp = tempDir('sia-sparse-');
afterAll(tmp.remove);

describe('the third-party layer and problem (sia-plugin-sparse)', () => {
  it('are listed by sia plugins under layer and problem, with their options', async () => {
    const r = await sia(['plugins', '--plugin', EXAMPLE], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    // Each under its own kind's heading (only indented lines in between), with its option right below.
    expect(r.stdout).toMatch(/^layer\n(?: .*\n)*? +acme:gaussian-noise 0\.1\.0 - Adds gaussian noise.*\n +std +number +default 0\.1 +> 0, <= 10 +Standard deviation/m);
    expect(r.stdout).toMatch(/^problem\n(?: .*\n)*? +acme:sparse 0\.1\.0 - Sparse autoencoder.*\n +weight +number +default 0\.001 +>= 0, <= 1000 +Weight of the L1/m);
    // The trainer's problem slot now accepts the third-party problem.
    expect(r.stdout).toMatch(/^ +problem +problem +default \{ type: conventional \} +type one of: acme:sparse, conventional/m);
  });

  it('train, save, and revive in a second pipeline with the same results', async () => {
    const out = join(tmp.dir, 'train');
    const r = await sia(['run', join(EXAMPLE, 'letters-sparse.yaml'), '--set', 'stages.model.with.epochs=300', '--out', out, '--quiet', '--no-cache'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(m.model?.finalL1).toBeGreaterThan(0);
    const loss = m.model?.finalLoss as number, rec = m.model?.finalReconstruction as number, l1 = m.model?.finalL1 as number;
    expect(loss).toBeCloseTo(rec + 0.001 * l1, 12); // the objective is reconstruction + weight * l1
    const saved = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')) as { plugins: string[]; spec: { problem: unknown; encoder: { type: string }[] }; history: Record<string, number[]> };
    expect(saved.plugins).toContain('problem/acme:sparse');
    expect(saved.plugins).toContain('layer/acme:gaussian-noise');
    expect(saved.spec.problem).toEqual({ type: 'acme:sparse', weight: 0.001 });
    expect(Object.keys(saved.history)).toEqual(['loss', 'reconstruction', 'l1']);
    expect(saved.history.l1).toHaveLength(300);
    expect(saved.spec.encoder.map((l) => l.type)).toEqual(['acme:gaussian-noise', 'flatten', 'dense', 'dense', 'dense']);
    // The run records the problem it trained, and the loss curve stage plots the l1 term too.
    const resolved = readFileSync(join(out, 'pipeline.resolved.yaml'), 'utf8');
    expect(resolved).toContain('problem/acme:sparse 0.1.0');
    // The layers of the list and their activations are named with their versions too (so a new
    // version of any of them also changes the stage's cache fingerprint).
    for (const p of ['layer/acme:gaussian-noise 0.1.0', 'layer/flatten 0.1.0', 'layer/dense 0.1.0', 'activation/tanh 0.1.0']) expect(resolved).toContain(p);
    expect(resolved).toMatch(/problem:\n +type: acme:sparse\n +weight: 0\.001/);
    expect(m.loss?.final_l1).toBe(l1);
    expect(m.errors?.items).toBe(8);

    const again = join(tmp.dir, 'reload');
    const r2 = await sia(['run', join(EXAMPLE, 'letters-sparse-reload.yaml'), '--set', `stages.model.with.path=${join(out, 'model')}`, '--out', again, '--quiet', '--no-cache'], { cwd: tmp.dir });
    expect(r2.code, r2.stderr).toBe(0);
    const m2 = JSON.parse(readFileSync(join(again, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(m2.model?.problem).toBe('acme:sparse');
    // The revived model reconstructs exactly as the trained one did (the noise layer is off).
    expect(m2.errors).toEqual(m.errors);
    expect(m2.plane).toEqual(m.plane);
  }, 120_000);

  it('without the package loaded, the saved model is refused at validation, naming what it needs', async () => {
    const out = join(tmp.dir, 'train2');
    const r = await sia(['run', join(EXAMPLE, 'letters-sparse.yaml'), '--set', 'stages.model.with.epochs=2', '--out', out, '--quiet', '--no-cache'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(EXAMPLE, 'letters-sparse-reload.yaml'), 'utf8').replace(/^plugins:\n.*\n/m, '');
    const file = join(tmp.dir, 'reload-without.yaml');
    writeFileSync(file, text);
    const v = await sia(['validate', file, '--set', `stages.model.with.path=${join(out, 'model')}`], { cwd: tmp.dir });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/reload-without\.yaml:\d+:\d+ at stages\.model\.with: .*unknown problem "acme:sparse".*problem\/acme:sparse; list the package that provides a missing one under plugins:/);
  }, 60_000);
});
