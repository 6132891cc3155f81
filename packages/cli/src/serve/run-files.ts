import { realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type a run folder's file is served with (anything unknown is plain bytes). */
export const contentType = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

const inside = (root: string, target: string): boolean => {
  const rel = relative(root, target);
  return rel.length > 0 && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * The file of the run folder that a URL path below `/report/` names, or undefined when it names
 * none: `..` segments, encoded separators or NUL, absolute paths, and symbolic links leading out
 * of the folder are refused, and only regular files are served (`''` is index.html).
 */
export function runFile(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\') || /%2f|%5c/i.test(urlPath)) return undefined;
  if (path === '') path = 'index.html';
  if (path.split('/').some((seg) => seg === '..')) return undefined;
  const target = resolve(root, path);
  if (!inside(root, target)) return undefined;
  try {
    const real = realpathSync(target);
    if (!inside(realpathSync(root), real) || !statSync(real).isFile()) return undefined;
    return real.split(sep).join(sep);
  } catch {
    return undefined;
  }
}
