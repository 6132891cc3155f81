import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, existsSync, sia, tempDir } from './sia.js';

const EXAMPLES = join(ROOT, 'examples', 'earlier-tool');
const tmp = tempDir('sia-import-');
afterAll(() => tmp.remove());

const LAYERS = '[{ "neuronQty": 2, "activationFunction": { "type": "TANH", "options": { "beta": 1 } } }]';

describe('sia import', () => {
  for (const name of ['conventional', 'denoising', 'variational']) {
    it(`imports examples/earlier-tool/${name}.json into a pipeline that validates`, async () => {
      // The examples carry comments: importing them is the check that comments are accepted.
      expect(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')).toMatch(/^\s*\/\/ /m);
      const printed = await sia(['import', `${name}.json`], { cwd: EXAMPLES });
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toContain(`# imported from ${name}.json by sia import`);
      expect(printed.stdout).toContain(`name: ${name}`);

      const out = join(tmp.dir, `${name}.yaml`);
      const written = await sia(['import', join(EXAMPLES, `${name}.json`), '-o', out]);
      expect(written.code, written.stderr).toBe(0);
      expect(written.stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toBe(printed.stdout.replace(`from ${name}.json`, `from ${join(EXAMPLES, `${name}.json`)}`));

      const valid = await sia(['validate', out]);
      expect(valid.code, valid.stderr).toBe(0);
      expect(valid.stdout).toMatch(/^ok: \d+ stages/);
    });
  }

  it('an imported pipeline runs', async () => {
    const out = join(tmp.dir, 'run-denoising.yaml');
    const imported = await sia(['import', join(EXAMPLES, 'denoising.json'), '-o', out]);
    expect(imported.code, imported.stderr).toBe(0);
    const run = await sia(['run', out, '--set', 'stages.model.with.epochs=5', '--out', join(tmp.dir, 'run'), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(tmp.dir, 'run', 'metrics.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['model', 'fidelity', 'sweep']));
    // The mirrored decoder is the earlier tool's: 8 and 16 tanh (beta 1), then 35 logistic (beta 1).
    const model = JSON.parse(readFileSync(join(tmp.dir, 'run', 'model', 'model.json'), 'utf8')) as { spec: { decoder: { type: string; units?: number; activation?: unknown }[] } };
    expect(model.spec.decoder.filter((l) => l.type === 'dense').map((l) => [l.units, l.activation])).toEqual([
      [8, { type: 'tanh', beta: 1 }],
      [16, { type: 'tanh', beta: 1 }],
      [35, { type: 'logistic', beta: 1 }],
    ]);
  });

  it('refuses to replace an existing file without --force (exit 2), replaces it with --force', async () => {
    const out = join(tmp.dir, 'existing.yaml');
    writeFileSync(out, 'keep me\n');
    const refused = await sia(['import', join(EXAMPLES, 'conventional.json'), '-o', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const forced = await sia(['import', join(EXAMPLES, 'conventional.json'), '-o', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('name: conventional');
  });

  it('an unknown key exits 2 with file:line:column, one line, and -o writes nothing', async () => {
    writeFileSync(join(tmp.dir, 'unknown-key.json'), `{\n  // the problem\n  "problem": "CONVENTIONAL",\n  "hyperparameters": { /* typo */ "maxEpoch": 5 },\n  "encoderArchitecture": ${LAYERS}\n}\n`);
    const out = join(tmp.dir, 'unknown-key.yaml');
    const r = await sia(['import', 'unknown-key.json', '-o', out], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^unknown-key\.json:4:35 at hyperparameters\.maxEpoch: unknown key "maxEpoch" \(did you mean "maxEpochs"\?/);
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown enum value exits 2 with file:line:column, one line, and -o writes nothing', async () => {
    writeFileSync(
      join(tmp.dir, 'unknown-value.json'),
      `{\n  "problem": "CONVENTIONAL",\n  "hyperparameters": {\n    "optimizer": { "type": "RMSPROP", "options": { "rate": 0.1 } }\n  },\n  "encoderArchitecture": ${LAYERS}\n}\n`,
    );
    const out = join(tmp.dir, 'unknown-value.yaml');
    const r = await sia(['import', 'unknown-value.json', '-o', out], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^unknown-value\.json:4:28 at hyperparameters\.optimizer\.type: unknown optimizer type "RMSPROP" \(one of: GRADIENT_DESCENT, MOMENTUM, ADAM\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file exits 2', async () => {
    const r = await sia(['import', join(tmp.dir, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('configuration file not found');
  });
});
