import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { PNG as PngClass } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIPELINES, ROOT, sia, tempDir } from './sia.js';

/**
 * `sia runs` and `sia compare` end to end on two short real runs of the fixture letters pipeline
 * (its own seed 5, and --seed 9), each trained for 20 epochs.
 */
const tmp = tempDir('sia-runs-');
afterAll(tmp.remove);
const LETTERS = join(PIPELINES, 'letters.yaml');
const EPOCHS = 'stages.model.with.epochs=20';

// pngjs is a dependency of @sia/problems (which writes and reads the pictures), not of the CLI:
// load it from there to decode the picture.
const { PNG } = createRequire(join(ROOT, 'packages', 'problems', 'package.json'))('pngjs') as { PNG: typeof PngClass };

interface Listed {
  dir: string;
  name: string | null;
  status: string | null;
  seed: number | null;
  overrides: string[] | null;
  started: string | null;
  headline: Record<string, Record<string, unknown>>;
}

beforeAll(async () => {
  // cwd is the temp folder, so each test run has its own stage cache.
  const runs = await Promise.all([
    sia(['run', LETTERS, '--set', EPOCHS, '--out', 'a', '--quiet'], { cwd: tmp.dir }),
    sia(['run', LETTERS, '--set', EPOCHS, '--seed', '9', '--out', 'b', '--quiet'], { cwd: tmp.dir }),
  ]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('sia runs', () => {
  it('--json lists both runs with their seeds, overrides, status and headline metrics', async () => {
    const r = await sia(['runs', tmp.dir, '--json'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const list = JSON.parse(r.stdout) as Listed[];
    expect(list.map((l) => l.dir).sort()).toEqual([join(tmp.dir, 'a'), join(tmp.dir, 'b')]);
    const byDir = new Map(list.map((l) => [l.dir, l]));
    expect(byDir.get(join(tmp.dir, 'a'))?.seed).toBe(5);
    expect(byDir.get(join(tmp.dir, 'b'))?.seed).toBe(9);
    for (const l of list) {
      expect(l).toMatchObject({ name: 'fixture-letters', status: 'done', overrides: [EPOCHS] });
      expect(l.headline.model?.epochs).toBe(20);
      expect(typeof l.headline.model?.finalLoss).toBe('number');
      expect(typeof l.headline.errors?.maxWrongPixels).toBe('number');
    }
    // Oldest first.
    expect(Date.parse(list[0]!.started!)).toBeLessThanOrEqual(Date.parse(list[1]!.started!));
  });

  it('prints an aligned table with folders relative to the cwd', async () => {
    const r = await sia(['runs', '.'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^name +started +status +seed +overrides +folder +metrics$/);
    const row = (folder: string, seed: number): RegExp =>
      new RegExp(`^fixture-letters +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +done +${seed} +stages\\.model\\.with\\.epochs=20 +${folder} +model: epochs=20 finalLoss=[\\d.e-]+ .*; errors: maxWrongPixels=\\d+`, 'm');
    expect(r.stdout).toMatch(row('a', 5));
    expect(r.stdout).toMatch(row('b', 9));
    const at = lines[0]!.indexOf('folder');
    for (const line of lines.slice(1)) expect(line.slice(at, at + 2)).toMatch(/^[ab] $/);
  });

  it('looks in ./runs by default, says when it is missing, and says when there are no runs', async () => {
    const cwd = join(tmp.dir, 'project');
    cpSync(join(tmp.dir, 'a'), join(cwd, 'runs', 'fixture-letters', '20200101-000000'), { recursive: true });
    const found = await sia(['runs'], { cwd });
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain(join('runs', 'fixture-letters', '20200101-000000'));

    const missing = await sia(['runs'], { cwd: join(cwd, 'runs') });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^sia: runs: no such folder: runs .*\[cli\/usage\]\n$/);
    const named = await sia(['runs', 'nowhere'], { cwd });
    expect(named.code).toBe(2);
    expect(named.stderr).toBe('sia: runs: no such folder: nowhere [cli/usage]\n');

    mkdirSync(join(cwd, 'empty'));
    const none = await sia(['runs', 'empty'], { cwd });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('no runs in empty\n');
  });
});

describe('sia compare', () => {
  it('prints the runs side by side and draws their loss curves into a PNG', async () => {
    const r = await sia(['compare', 'a', 'b', '--out', 'x.png'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ +a +b$/);
    const cells = (name: string): string[] | undefined => lines.find((l) => l.startsWith(`${name} `))?.split(/ {2,}/).slice(1);
    expect(cells('pipeline')).toEqual(['fixture-letters', 'fixture-letters']);
    expect(cells('seed')).toEqual(['5', '9']);
    expect(cells('overrides')).toEqual([EPOCHS, EPOCHS]);
    expect(cells('status')).toEqual(['done', 'done']);
    expect(cells('model.epochs')).toEqual(['20', '20']);
    expect(cells('errors.maxWrongPixels')?.every((v) => /^\d+$/.test(v))).toBe(true);
    const losses = cells('model.finalLoss')!;
    const metrics = (dir: string): { model: { finalLoss: number } } => JSON.parse(readFileSync(join(tmp.dir, dir, 'metrics.json'), 'utf8'));
    expect(losses.map(Number)).toEqual([metrics('a').model.finalLoss, metrics('b').model.finalLoss].map((v) => Number(v.toPrecision(4))));
    expect(r.stdout).toContain('loss curves: x.png\n');

    const png = PNG.sync.read(readFileSync(join(tmp.dir, 'x.png')));
    expect(png.width).toBeGreaterThanOrEqual(600);
    expect(png.height).toBeGreaterThanOrEqual(400);
    expect(png.width * png.height).toBeLessThan(4_000_000);
    // Not blank: white paper, dark axes and text, and the first two series colours (blue, vermilion) as lines.
    const colours = new Map<string, number>();
    for (let i = 0; i < png.data.length; i += 4) {
      const key = `${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`;
      colours.set(key, (colours.get(key) ?? 0) + 1);
    }
    expect(colours.get('255,255,255')).toBeGreaterThan(png.width * png.height * 0.5);
    expect(colours.get('34,34,34')).toBeGreaterThan(500);
    expect(colours.get('0,114,178')).toBeGreaterThan(100);
    expect(colours.get('213,94,0')).toBeGreaterThan(100);
  });

  it('writes compare.png in the cwd by default', async () => {
    const r = await sia(['compare', join(tmp.dir, 'a'), join(tmp.dir, 'b')], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('loss curves: compare.png\n');
    expect(readFileSync(join(tmp.dir, 'compare.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses fewer than two runs and a folder that is not a run folder, writing nothing', async () => {
    const one = await sia(['compare', 'a', '--out', 'one.png'], { cwd: tmp.dir });
    expect(one.code).toBe(2);
    expect(one.stdout).toBe('');
    expect(one.stderr).toBe('sia: compare: needs at least two run folders to compare (got 1) [cli/usage]\n');
    expect(existsSync(join(tmp.dir, 'one.png'))).toBe(false);

    mkdirSync(join(tmp.dir, 'not-a-run'));
    const bad = await sia(['compare', 'a', 'not-a-run', '--out', 'bad.png'], { cwd: tmp.dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('sia: compare: not-a-run: not a run folder (no metrics.json) [cli/usage]\n');
    expect(existsSync(join(tmp.dir, 'bad.png'))).toBe(false);

    const none = await sia(['compare'], { cwd: tmp.dir });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
  });
});
