import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { isPathSpecifier, parsePackageSpecifier, resolvePluginSpecifier } from './resolve-specifier.js';

/** A throw-away tree: project/pipelines/, project/node_modules/{esm-only,@acme/kit,legacy}, elsewhere/. */
let root: string;
const write = (path: string, text: string): void => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sia-resolve-'));
  write(join(root, 'project/pipelines/local.mjs'), 'export default [];');
  write(join(root, 'project/pipelines/dir-plugin/package.json'), JSON.stringify({ name: 'dir-plugin', exports: './main.js' }));
  write(join(root, 'project/pipelines/dir-plugin/main.js'), '');
  write(join(root, 'project/node_modules/esm-only/package.json'), JSON.stringify({
    name: 'esm-only',
    exports: { '.': { types: './x.d.ts', require: './cjs.cjs', import: './esm.js' } },
  }));
  write(join(root, 'project/node_modules/esm-only/esm.js'), '');
  write(join(root, 'project/node_modules/@acme/kit/package.json'), JSON.stringify({
    name: '@acme/kit',
    exports: { '.': './index.js', './extra': { default: './extra.js' } },
  }));
  write(join(root, 'project/node_modules/@acme/kit/index.js'), '');
  write(join(root, 'project/node_modules/@acme/kit/extra.js'), '');
  write(join(root, 'project/node_modules/legacy/package.json'), JSON.stringify({ name: 'legacy', main: 'lib/main' }));
  write(join(root, 'project/node_modules/legacy/lib/main.js'), '');
  write(join(root, 'elsewhere/node_modules/only-in-cwd/package.json'), JSON.stringify({ name: 'only-in-cwd' }));
  write(join(root, 'elsewhere/node_modules/only-in-cwd/index.js'), '');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolvePluginSpecifier', () => {
  const pipelines = () => join(root, 'project/pipelines');

  it('resolves paths relative to the first folder (the pipeline file\'s), with or without extension', () => {
    expect(resolvePluginSpecifier('./local.mjs', [pipelines()])._unsafeUnwrap()).toBe(join(pipelines(), 'local.mjs'));
    expect(resolvePluginSpecifier('./local', [pipelines()])._unsafeUnwrap()).toBe(join(pipelines(), 'local.mjs'));
    expect(resolvePluginSpecifier('./dir-plugin', [pipelines()])._unsafeUnwrap()).toBe(join(pipelines(), 'dir-plugin/main.js'));
    expect(resolvePluginSpecifier('../pipelines/local.mjs', [pipelines()])._unsafeUnwrap()).toBe(join(pipelines(), 'local.mjs'));
  });

  it('resolves packages upwards from the pipeline folder with import conditions, scopes and subpaths', () => {
    expect(resolvePluginSpecifier('esm-only', [pipelines()])._unsafeUnwrap()).toBe(join(root, 'project/node_modules/esm-only/esm.js'));
    expect(resolvePluginSpecifier('@acme/kit', [pipelines()])._unsafeUnwrap()).toBe(join(root, 'project/node_modules/@acme/kit/index.js'));
    expect(resolvePluginSpecifier('@acme/kit/extra', [pipelines()])._unsafeUnwrap()).toBe(join(root, 'project/node_modules/@acme/kit/extra.js'));
    expect(resolvePluginSpecifier('legacy', [pipelines()])._unsafeUnwrap()).toBe(join(root, 'project/node_modules/legacy/lib/main.js'));
  });

  it('falls back to the next folder (the cwd) for packages', () => {
    expect(resolvePluginSpecifier('only-in-cwd', [pipelines(), join(root, 'elsewhere')])._unsafeUnwrap())
      .toBe(join(root, 'elsewhere/node_modules/only-in-cwd/index.js'));
  });

  it('explains what it could not find', () => {
    expect(resolvePluginSpecifier('./nope.js', [pipelines()])._unsafeUnwrapErr()).toContain('no such file or folder');
    expect(resolvePluginSpecifier('not-installed', [pipelines()])._unsafeUnwrapErr()).toMatch(/package 'not-installed' is not installed/);
    expect(resolvePluginSpecifier('@acme/kit/missing', [pipelines()])._unsafeUnwrapErr()).toMatch(/has no entry for '.\/missing'/);
    expect(resolvePluginSpecifier('', [pipelines()])._unsafeUnwrapErr()).toBe('the entry is empty');
  });
});

describe('specifier parsing', () => {
  it('tells paths from package names', () => {
    expect(['./a', '../b', '.', '/abs/c'].map(isPathSpecifier)).toEqual([true, true, true, true]);
    expect(['sia-plugin-x', '@a/b', '.hidden'].map(isPathSpecifier)).toEqual([false, false, false]);
  });

  it('splits scope, name and subpath', () => {
    expect(parsePackageSpecifier('@a/b/c/d')).toEqual({ name: '@a/b', subpath: './c/d' });
    expect(parsePackageSpecifier('pkg')).toEqual({ name: 'pkg', subpath: '.' });
    expect(parsePackageSpecifier('@scope')).toBeUndefined();
    expect(parsePackageSpecifier('has space')).toBeUndefined();
  });
});
