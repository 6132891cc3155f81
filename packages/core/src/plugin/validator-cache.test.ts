import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakePlugins } from '../pipeline/__fixtures__/fake-plugins.js';
import { compileRegistry } from './registry.js';

const dir = mkdtempSync(join(tmpdir(), 'sia-validators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
});
