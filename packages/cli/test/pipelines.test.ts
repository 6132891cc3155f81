import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sia, tempDir } from './sia.js';

/**
 * Every shipped pipeline runs end to end through the real command, without mocks: trainers get a
 * few epochs and sweeps a few copies through `--set` (the quality runs are the studies' job), and
 * every stage must leave its metrics and the files it names. vae-emoji.yaml, the first thing a new
 * user runs, also runs with its shipped defaults and must reconstruct every face exactly.
 */
const tmp = tempDir('sia-pipelines-');
afterAll(tmp.remove);
const DIR = join(ROOT, 'pipelines');
const SLOW = 180_000;
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

interface Stage {
  uses: string;
  with?: Record<string, unknown>;
}

/** Overrides that make a pipeline quick without changing what it does. */
function quick(file: string): string[] {
  const doc = parse(readFileSync(join(DIR, file), 'utf8')) as { stages: Record<string, Stage> };
  const sets: string[] = [];
  for (const [id, stage] of Object.entries(doc.stages)) {
    if (stage.uses.startsWith('train/')) sets.push('--set', `stages.${id}.with.epochs=3`);
    if (stage.uses === 'evaluate/noise-sweep') sets.push('--set', `stages.${id}.with.copies=2`);
  }
  return sets;
}

describe('shipped pipelines', () => {
  it('there are the pipelines the README promises', () => {
    for (const f of ['ae-letters.yaml', 'ae-letters-baseline.yaml', 'ae-letters-5.yaml', 'vae-emoji.yaml', 'vae-emoji-seed.yaml', 'vae-emoji-conv.yaml', 'dae-letters.yaml']) {
      expect(files).toContain(f);
    }
  });

  for (const file of files) {
    it(`${file} runs end to end`, async () => {
      const out = join(tmp.dir, file.replace('.yaml', ''));
      const r = await sia(['run', join(DIR, file), '--out', out, '--quiet', '--no-cache', ...quick(file)], { cwd: tmp.dir });
      expect(r.code, r.stderr).toBe(0);
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
      const doc = parse(readFileSync(join(DIR, file), 'utf8')) as { stages: Record<string, Stage> };
      expect(Object.keys(metrics).sort()).toEqual(['$run', ...Object.keys(doc.stages)].sort());
      // The page's own markup: the inlined chart libraries hold HTML templates of their own.
      const index = readFileSync(join(out, 'index.html'), 'utf8');
      for (const src of index.replace(/<script[^>]*>[^]*?<\/script>/g, '').matchAll(/<img src="([^"]+)"/g)) expect(existsSync(join(out, decodeURI(src[1]!))), src[1]).toBe(true);
    }, SLOW);
  }

  for (const file of ['vae-emoji.yaml', 'vae-emoji-conv.yaml']) {
    it(`${file} with its shipped defaults reconstructs every face exactly`, async () => {
      const out = join(tmp.dir, `full-${file}`);
      const r = await sia(['run', join(DIR, file), '--out', out, '--quiet', '--no-cache'], { cwd: tmp.dir });
      expect(r.code, r.stderr).toBe(0);
      const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, Record<string, number>>;
      expect(m.fidelity?.items).toBe(8);
      expect(m.fidelity?.maxWrongPixels).toBe(0);
      expect(m.fidelity?.meanAbsoluteError).toBeLessThan(0.005);
      for (const f of ['grid/grid.png', 'plane/latent.png', 'blend/interpolation.png', 'prior/prior.png', 'loss/loss.png', 'model/model.safetensors']) {
        expect(existsSync(join(out, f)), f).toBe(true);
      }
    }, SLOW);
  }
});
