import { existsSync, readdirSync, readFileSync, writeFileSync, appendFileSync, symlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BASIC, fakeRegistry, resetRuns, runs, tempDir, writeFixture } from './__fixtures__/fake-plugins.js';
import { loadPipeline } from './load.js';
import type { PipelinePlan } from './plan.js';
import { runPipeline } from './runner.js';
import { readPipelineFile } from './source.js';

/**
 * Issue 10, item 4: a stage-cache entry is used only when it is whole and unchanged; any other
 * entry is a miss, noted in run.log, and the stage runs again.
 */
const registry = fakeRegistry();
function plan(): PipelinePlan {
  const file = writeFixture(BASIC);
  return loadPipeline(readPipelineFile(file)._unsafeUnwrap(), registry)._unsafeUnwrap();
}
beforeEach(resetRuns);

/** Runs once to fill the cache; returns the cache folder and the model stage's entry. */
async function filled(): Promise<{ cacheDir: string; entry: string }> {
  const cacheDir = tempDir();
  (await runPipeline(plan(), { outDir: tempDir(), cacheDir }))._unsafeUnwrap();
  const entries = readdirSync(cacheDir).filter((e) => !e.startsWith('.'));
  expect(entries).toHaveLength(1); // only train/fake has a codec
  return { cacheDir, entry: join(cacheDir, entries[0]!) };
}

async function rerun(cacheDir: string): Promise<{ outDir: string; log: string; cached: boolean }> {
  const outDir = tempDir();
  const before = runs.fake ?? 0;
  (await runPipeline(plan(), { outDir, cacheDir }))._unsafeUnwrap();
  return { outDir, log: readFileSync(join(outDir, 'run.log'), 'utf8'), cached: (runs.fake ?? 0) === before };
}

const meta = (entry: string): Record<string, unknown> => JSON.parse(readFileSync(join(entry, 'meta.json'), 'utf8')) as Record<string, unknown>;
const setMeta = (entry: string, m: Record<string, unknown>): void => writeFileSync(join(entry, 'meta.json'), JSON.stringify(m));

describe('the stage cache verifies what it reads', () => {
  it('records a SHA-256 of every file and restores the very bytes it saved', async () => {
    const { cacheDir, entry } = await filled();
    const m = meta(entry);
    expect(m.format).toBe(2);
    expect(Object.keys(m.hashes as object).sort()).toEqual(['artifact/draws.json', 'files/figures/loss.svg']);
    const r = await rerun(cacheDir);
    expect(r.cached).toBe(true);
    expect(readFileSync(join(r.outDir, 'figures', 'loss.svg')).equals(readFileSync(join(entry, 'files', 'figures', 'loss.svg')))).toBe(true);
  });

  const tampered: Array<[string, (entry: string) => void, RegExp]> = [
    ['a flipped byte in the artifact', (e) => {
      const f = join(e, 'artifact', 'draws.json');
      const b = readFileSync(f);
      b[1] = b[1]! ^ 1;
      writeFileSync(f, b);
    }, /artifact\/draws\.json does not match its recorded hash/],
    ['a truncated restored file', (e) => writeFileSync(join(e, 'files', 'figures', 'loss.svg'), '<sv'), /files\/figures\/loss\.svg does not match/],
    ['a missing file', (e) => rmSync(join(e, 'files', 'figures', 'loss.svg')), /not the ones recorded/],
    ['an extra file', (e) => appendFileSync(join(e, 'artifact', 'planted.js'), 'x'), /not the ones recorded/],
    ['a link in place of a file', (e) => {
      rmSync(join(e, 'artifact', 'draws.json'));
      symlinkSync('/etc/hostname', join(e, 'artifact', 'draws.json'));
    }, /not the ones recorded/],
    ['a file path that leaves the run folder', (e) => setMeta(e, { ...meta(e), files: ['../../escaped.txt'] }), /leaves the run folder/],
    ['an absolute file path', (e) => setMeta(e, { ...meta(e), files: ['/tmp/escaped.txt'] }), /leaves the run folder/],
    ['an unknown field', (e) => setMeta(e, { ...meta(e), run: 'rm -rf' }), /unknown fields \(run\)/],
    ['an old format', (e) => setMeta(e, { ...meta(e), format: 1 }), /format 1, not 2/],
    ['meta.json that is not JSON', (e) => writeFileSync(join(e, 'meta.json'), '{"format": 2,'), /not valid JSON/],
  ];
  for (const [what, damage, reason] of tampered) {
    it(`${what}: a miss, noted in run.log; the stage runs again and its entry is rewritten`, async () => {
      const { cacheDir, entry } = await filled();
      damage(entry);
      const r = await rerun(cacheDir);
      expect(r.cached).toBe(false);
      expect(r.log).toMatch(/\[model\] cache entry [0-9a-f]{12} ignored: /);
      expect(r.log).toMatch(reason);
      expect(existsSync(join(r.outDir, '..', '..', 'escaped.txt'))).toBe(false);
      // The rewritten entry is whole again: the next run hits.
      expect((await rerun(cacheDir)).cached).toBe(true);
    });
  }
});
