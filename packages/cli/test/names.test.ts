import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sia, tempDir } from './sia.js';

/** Issue 10, item 7: names are data, never looked up through object prototypes. */
const tmp = tempDir('sia-names-');
afterAll(tmp.remove);

const PIPELINE = `name: proto
seed: 1
stages:
  __proto__:
    uses: dataset/font
    with: { count: 4 }
  constructor:
    uses: train/autoencoder
    inputs: { data: __proto__ }
    with: { encoder: [8], epochs: 5 }
  toString:
    uses: evaluate/pixel-error
    inputs: { model: constructor, data: __proto__ }
`;

describe('stage ids that are names of Object.prototype', () => {
  it('__proto__, constructor and toString are ordinary stages: they run and keep their metrics', async () => {
    const file = join(tmp.dir, 'proto.yaml');
    writeFileSync(file, PIPELINE);
    const out = join(tmp.dir, 'out');
    const r = await sia(['run', file, '--out', out, '--quiet'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(out, 'metrics.json'), 'utf8');
    const metrics = JSON.parse(text) as Record<string, Record<string, unknown>>;
    expect(Object.keys(metrics)).toEqual(['$run', '__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(metrics, '__proto__')?.value).toMatchObject({ items: 4 });
    expect(metrics.toString).toMatchObject({ items: 4 });
  }, 60_000);

  it('a saved model naming toString as its problem is refused at validation (exit 2)', async () => {
    const out = join(tmp.dir, 'out');
    const model = join(out, 'constructor', 'model.json');
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { spec: { problem: { type: string } } };
    saved.spec.problem.type = 'toString';
    const dir = join(tmp.dir, 'bad-model');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(saved));
    copyFileSync(join(out, 'constructor', 'model.safetensors'), join(dir, 'model.safetensors'));
    const file = join(tmp.dir, 'load.yaml');
    writeFileSync(file, `name: load\nstages:\n  model:\n    uses: model/load\n    with: { path: ${dir} }\n`);
    const v = await sia(['validate', file], { cwd: tmp.dir });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/load\.yaml:5:11 at stages\.model\.with: .*unknown problem "toString"/);
  }, 60_000);

  it('a stage id too long for a folder name is refused at its line, exit 2, nothing written', async () => {
    const file = join(tmp.dir, 'long.yaml');
    writeFileSync(file, `name: long\nstages:\n  ${'s'.repeat(300)}:\n    uses: dataset/font\n`);
    const out = join(tmp.dir, 'long-out');
    const r = await sia(['run', file, '--out', out], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/long\.yaml:3:3 at stages\.s+: bad stage id "s{60}\.\.\.": use at most 64 letters, digits, _ and -/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(out)).toBe(false);
  });
});
