import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Files that are code or data a plugin reads; other files (docs, pictures) do not change it. */
const CODE = /\.(m?js|cjs|ts|mts|cts|json|wasm|txt|ya?ml)$/;
/** Enough for any plugin package; more means the folder is not one (a home directory). */
const MAX_FILES = 5_000;

/** The folder of the nearest package.json above `file`, or undefined. */
function packageDir(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function codeFiles(root: string, dir = root, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (out.length > MAX_FILES) break;
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) codeFiles(root, p, out);
    else if (e.isFile() && CODE.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * A hash of a plugin module loaded from a path: SHA-256 over the relative name and bytes of every
 * code file of its package (the nearest package.json's folder, without node_modules and hidden
 * folders), or of the file alone when it is in no package. 12 hex digits. Editing the plugin, or
 * anything it imports from its package, changes it.
 */
export function pluginCodeHash(file: string): string {
  const dir = packageDir(file);
  const files = dir === undefined ? [file] : codeFiles(dir).sort();
  const h = createHash('sha256');
  for (const f of files.slice(0, MAX_FILES)) {
    if (!statSync(f).isFile()) continue;
    h.update(`${(dir === undefined ? f : relative(dir, f)).split(sep).join('/')}\0`);
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 12);
}
