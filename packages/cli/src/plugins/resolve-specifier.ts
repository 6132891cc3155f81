import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { err, ok, type Result } from 'neverthrow';

/**
 * Where a `plugins:` entry (or a `--plugin` flag) points, as an absolute file path.
 *
 * - `./x`, `../x`, `/x`: a file or a package folder, relative to the first base folder
 *   (the pipeline file's folder).
 * - anything else: an installed package (`sia-plugin-acme`, `@acme/sia-plugins/extra`), looked up
 *   in node_modules from each base folder upwards, in order (the pipeline's folder, then the cwd).
 *
 * The package entry is read from package.json `exports` with the conditions an ESM `import()`
 * uses (import, node, default), falling back to `main`, then index.js. Written by hand because
 * `require.resolve` refuses packages that export only an `import` condition, and Node 20's
 * `import.meta.resolve` cannot take another folder as parent.
 */
export function resolvePluginSpecifier(specifier: string, baseDirs: readonly string[]): Result<string, string> {
  if (specifier.trim() === '') return err('the entry is empty');
  if (isPathSpecifier(specifier)) {
    const base = baseDirs[0] ?? process.cwd();
    const target = resolve(base, specifier);
    const file = resolvePath(target);
    return file === undefined ? err(`no such file or folder: ${target}`) : ok(file);
  }
  const parsed = parsePackageSpecifier(specifier);
  if (parsed === undefined) return err(`'${specifier}' is neither a relative path nor a package name`);
  const looked: string[] = [];
  for (const base of baseDirs) {
    const dir = findPackageDir(parsed.name, base);
    looked.push(base);
    if (dir === undefined) continue;
    const entry = packageEntry(dir, parsed.subpath);
    return entry === undefined ? err(`package '${parsed.name}' (${dir}) has no entry for '${parsed.subpath}'`) : ok(entry);
  }
  return err(`package '${parsed.name}' is not installed (looked in node_modules from ${[...new Set(looked)].join(' and ')} upwards)`);
}

/** `./x`, `../x`, `.`, `..`, an absolute path (POSIX or Windows). */
export function isPathSpecifier(specifier: string): boolean {
  return /^\.\.?([/\\]|$)/.test(specifier) || isAbsolute(specifier);
}

/** `@scope/name/sub/path` -> { name: '@scope/name', subpath: './sub/path' }. */
export function parsePackageSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((p) => p === '')) return undefined;
  const name = parts.slice(0, count).join('/');
  if (!/^(@[a-z0-9._~-]+\/)?[a-z0-9._~-]+$/i.test(name)) return undefined;
  const rest = parts.slice(count).join('/');
  return { name, subpath: rest === '' ? '.' : `./${rest}` };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file as is; a folder through its package.json or index file. */
function resolvePath(target: string): string | undefined {
  if (isFile(target)) return target;
  if (isDir(target)) {
    if (isFile(join(target, 'package.json'))) return packageEntry(target, '.');
    for (const index of ['index.js', 'index.mjs']) if (isFile(join(target, index))) return join(target, index);
    return undefined;
  }
  // Lenient about a missing extension, as people write `./plugins/acme`.
  for (const ext of ['.js', '.mjs']) if (isFile(target + ext)) return target + ext;
  return undefined;
}

function findPackageDir(name: string, from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Conditions an ESM `import()` in Node matches, besides `default`. */
const CONDITIONS = new Set(['import', 'node', 'default']);

/** First target of an exports value under the active conditions (object keys in order, as Node does). */
function pickTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = pickTarget(v);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (!CONDITIONS.has(key)) continue;
      const t = pickTarget(v);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

function packageEntry(dir: string, subpath: string): string | undefined {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const exportsField = pkg.exports;
  if (exportsField !== undefined) {
    const keyed = exportsField !== null && typeof exportsField === 'object' && !Array.isArray(exportsField)
      && Object.keys(exportsField).some((k) => k.startsWith('.'));
    const value = keyed ? (exportsField as Record<string, unknown>)[subpath] : subpath === '.' ? exportsField : undefined;
    const target = pickTarget(value);
    if (target === undefined) return undefined;
    const file = resolve(dir, target);
    return isFile(file) ? file : undefined;
  }
  if (subpath !== '.') return resolvePath(resolve(dir, subpath));
  const main = typeof pkg.main === 'string' ? resolvePath(resolve(dir, pkg.main)) : undefined;
  return main ?? resolvePath(join(dir, 'index.js'));
}
