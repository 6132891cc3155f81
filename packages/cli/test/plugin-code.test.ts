import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sia, tempDir } from './sia.js';

/**
 * Issue 14, item 4: a plugin loaded from a path is fingerprinted by its code, not only its
 * version: editing it (same version) makes the rerun miss the cache; a package loaded by name keeps
 * its version alone.
 */
const tmp = tempDir('sia-plugin-code-');
afterAll(tmp.remove);

describe('fingerprints of plugins loaded from a path', () => {
  it('follow the code: the same version edited reruns the stage', async () => {
    const pkg = join(tmp.dir, 'sia-plugin-example');
    cpSync(join(ROOT, 'examples', 'sia-plugin-example'), pkg, { recursive: true, filter: (s) => !s.includes('node_modules') });
    // The copy finds @sia/core as an installed package would: a link to the repository's.
    mkdirSync(join(pkg, 'node_modules', '@sia'), { recursive: true });
    symlinkSync(join(ROOT, 'packages', 'core'), join(pkg, 'node_modules', '@sia', 'core'), 'dir');
    // The package's own pipeline (a real training stage, cached), loading it by path.
    const file = join(pkg, 'letters-softsign.yaml');
    const first = await sia(['run', file, '--out', join(tmp.dir, 'a'), '-q', '--set', 'stages.model.with.epochs=30'], { cwd: tmp.dir });
    expect(first.code, first.stderr).toBe(0);
    const resolved = readFileSync(join(tmp.dir, 'a', 'pipeline.resolved.yaml'), 'utf8');
    const version = /activation\/acme:softsign (\S+)/.exec(resolved)![1]!;
    expect(version).toMatch(/^\d+\.\d+\.\d+\+code\.[0-9a-f]{12}$/);
    const again = await sia(['run', file, '--out', join(tmp.dir, 'b'), '-q', '--set', 'stages.model.with.epochs=30'], { cwd: tmp.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(tmp.dir, 'b', 'run.log'), 'utf8')).toMatch(/\[model\] cached/);

    // The same version, one line changed in a file the entry imports.
    const code = join(pkg, 'softsign.js');
    writeFileSync(code, `${readFileSync(code, 'utf8')}\n// edited\n`);
    const edited = await sia(['run', file, '--out', join(tmp.dir, 'c'), '-q', '--set', 'stages.model.with.epochs=30'], { cwd: tmp.dir });
    expect(edited.code, edited.stderr).toBe(0);
    expect(readFileSync(join(tmp.dir, 'c', 'run.log'), 'utf8')).not.toMatch(/\[model\] cached/);
    const after = /activation\/acme:softsign (\S+)/.exec(readFileSync(join(tmp.dir, 'c', 'pipeline.resolved.yaml'), 'utf8'))![1]!;
    expect(after).not.toBe(version);
    expect(after.split('+')[0]).toBe(version.split('+')[0]);
  }, 60_000);
});
