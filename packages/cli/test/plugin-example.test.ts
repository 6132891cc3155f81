import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PIPELINES, ROOT, sia, tempDir } from './sia.js';

/**
 * Issue 2, item 4: a plugin from a package outside packages/ (examples/sia-plugin-example),
 * registered through the same public API as the built-ins, listed by `sia plugins` and used
 * by a pipeline.
 */
const EXAMPLE = join(ROOT, 'examples', 'sia-plugin-example');
const tmp = tempDir('sia-example-');
afterAll(tmp.remove);

interface Described {
  kind: string;
  name: string;
  version: string;
  options: { name: string; type: string; default?: unknown; required: boolean; constraints?: string }[];
}

describe('the third-party example plugin', () => {
  it('is listed by sia plugins --plugin <path>, with its option', async () => {
    const r = await sia(['plugins', '--plugin', EXAMPLE], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^activation$/m);
    expect(r.stdout).toMatch(/^ +acme:softsign 0\.1\.0 - softsign/m);
    expect(r.stdout).toMatch(/^ +beta +number +default 1 +> 0 +slope b at the origin$/m);
  });

  it('is resolved by package name from the current folder, and listed as JSON', async () => {
    // packages/cli has sia-plugin-example as a (workspace) devDependency: it is installed there.
    const r = await sia(['plugins', '--json', '--plugin', 'sia-plugin-example'], { cwd: join(ROOT, 'packages', 'cli') });
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as Described[];
    const softsign = list.find((d) => d.kind === 'activation' && d.name === 'acme:softsign');
    expect(softsign).toMatchObject({ version: '0.1.0', options: [{ name: 'beta', type: 'number', default: 1, required: false }] });
  });

  it('runs in a pipeline that lists it in plugins: by relative path', async () => {
    const out = join(tmp.dir, 'run');
    const r = await sia(['run', join(PIPELINES, 'softsign.yaml'), '--out', out, '--quiet'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    // The trainer built its activation slot from the third-party plugin.
    expect(metrics.model?.activation).toBe('acme:softsign');
    const resolved = readFileSync(join(out, 'pipeline.resolved.yaml'), 'utf8');
    expect(resolved).toContain('acme:softsign');
    expect(resolved).toMatch(/beta: 2/);
  });

  it('cannot be used without being loaded: the type is unknown', async () => {
    const r = await sia(['validate', 'softsign-not-loaded.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('softsign-not-loaded.yaml:14:27 at stages.model.with.activation.type: unknown activation "acme:softsign"');
  });

  it('trains a real autoencoder whose hidden layers use it (examples/sia-plugin-example/letters-softsign.yaml)', async () => {
    const out = join(tmp.dir, 'letters');
    // Few epochs keep the test fast; the point is that the plugin is loaded, validated and used.
    const r = await sia(['run', join(EXAMPLE, 'letters-softsign.yaml'), '--out', out, '--set', 'stages.model.with.epochs=50'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(metrics)).toEqual(['$run', 'glyphs', 'model', 'errors']);
    expect(metrics.model?.epochs).toBe(50);
    expect(metrics.errors?.items).toBe(8);
    // The saved architecture names the third-party activation for the hidden layers.
    expect(readFileSync(join(out, 'model', 'model.json'), 'utf8')).toContain('"acme:softsign"');
    expect(readFileSync(join(out, 'pipeline.resolved.yaml'), 'utf8')).toContain('activation/acme:softsign 0.1.0');
  });
});
