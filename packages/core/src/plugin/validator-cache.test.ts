import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakePlugins } from '../pipeline/__fixtures__/fake-plugins.js';
import { compileRegistry } from './registry.js';

const dir = mkdtempSync(join(tmpdir(), 'sia-validators-'));
// The manifest of hashes lives under the home folder: a private one for these tests.
const home = mkdtempSync(join(tmpdir(), 'sia-home-'));
process.env.HOME = home;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** A document with defaults to fill in and one with mistakes, validated by a registry. */
function outcomes(validatorCache?: string) {
  const registry = compileRegistry(fakePlugins, validatorCache === undefined ? {} : { validatorCache })._unsafeUnwrap();
  const good: Record<string, unknown> = { name: 'p', stages: { data: { uses: 'dataset/letters' } } };
  const goodErrors = registry.validatePipelineData(good);
  const bad = { name: 'Bad Name', stages: { data: { uses: 'dataset/letters', with: { count: -1, extra: 1 } }, t: { uses: 'train/nope' } } };
  const badErrors = registry.validatePipelineData(bad).map((e) => ({ ...e, schema: JSON.stringify(e.schema), parentSchema: JSON.stringify(e.parentSchema) }));
  return { good, goodErrors, badErrors };
}

describe('the compiled-validator cache', () => {
  const plain = outcomes();

  it('writes the validator on the first build and reads it on the next, with the same results', () => {
    const first = outcomes(dir);
    expect(readdirSync(dir).filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    const second = outcomes(dir); // from the file
    for (const o of [first, second]) {
      expect(o.goodErrors).toEqual([]);
      expect(o.good).toEqual(plain.good); // defaults filled in the same way
      expect(o.badErrors).toEqual(plain.badErrors); // same errors, paths, schemas and data
    }
    expect(plain.badErrors.length).toBeGreaterThan(2);
  });

  it('a damaged cache file is ignored: the schema is compiled again', () => {
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
    writeFileSync(join(dir, file!), 'this is not javascript (');
    expect(outcomes(dir).badErrors).toEqual(plain.badErrors);
  });

  /** Replaces the cached file with code that calls everything valid (and marks that it ran). */
  const plant = (folder: string, file: string): void =>
    writeFileSync(join(folder, file), "globalThis.__siaPlanted = true; module.exports = function validate() { return true; };");

  it('a file planted in the cache folder (no recorded hash) is never run', () => {
    outcomes(dir); // writes a whole, recorded entry again
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
    plant(dir, file!);
    expect(outcomes(dir).badErrors).toEqual(plain.badErrors); // validation stays on
    expect((globalThis as { __siaPlanted?: boolean }).__siaPlanted).toBeUndefined();
  });

  it('records the hash of what it wrote outside the cache folder, and refuses a folder others can write', () => {
    const other = mkdtempSync(join(tmpdir(), 'sia-validators-open-'));
    outcomes(other);
    const [file] = readdirSync(other).filter((f) => f.endsWith('.cjs'));
    const manifest = JSON.parse(readFileSync(join(home, '.config', 'sia', 'validator-hashes.json'), 'utf8')) as Record<string, string>;
    expect(manifest[file!.replace('.cjs', '')]).toMatch(/^[0-9a-f]{64}$/);
    // Group- and world-writable: someone else could have put code there, so it is not loaded.
    chmodSync(other, 0o777);
    const code = readFileSync(join(other, file!), 'utf8');
    plant(other, file!);
    // Even with the planted file's hash recorded, the open folder is not trusted.
    const hash = createHash('sha256').update(readFileSync(join(other, file!), 'utf8')).digest('hex');
    writeFileSync(join(home, '.config', 'sia', 'validator-hashes.json'), JSON.stringify({ ...manifest, [file!.replace('.cjs', '')]: hash }));
    expect(outcomes(other).badErrors).toEqual(plain.badErrors);
    expect((globalThis as { __siaPlanted?: boolean }).__siaPlanted).toBeUndefined();
    expect(code.length).toBeGreaterThan(100);
    rmSync(other, { recursive: true, force: true });
  });
});
