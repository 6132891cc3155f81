import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 14, item 6: the library example (docs/library.md) runs as a plain Node program: it builds,
 * trains (awaitably), encodes, decodes, saves and revives the letters autoencoder.
 */
describe('the library example', () => {
  it('node examples/browser/letters-node.mjs trains to 0 wrong pixels and revives identical codes', () => {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'letters-node.mjs')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^trained 400 epochs, final loss [\d.e-]+; 0 wrong pixels over 32 glyphs$/m);
    expect(r.stdout).toMatch(/saved \d+ \+ \d+ bytes; revived codes identical/);
  });
});
