import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The direction of the arrows: layers, optimizers and problems import core (problems may also
 * import layers and figures, which imports no sia package); cli imports all; core imports none of them. Checked three ways: package.json
 * dependencies, TypeScript project references, and every import in the sources (static and
 * dynamic, including relative paths that climb into another package). Inside core, the layers
 * tensor -> rng -> nn -> train -> io -> model run leftwards only (runtime imports).
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  layers: ['core'],
  optimizers: ['core'],
  // figures knows nothing of sia: pictures and charts from plain numbers and strings.
  figures: [],
  problems: ['core', 'layers', 'figures'],
  cli: ['core', 'layers', 'optimizers', 'problems', 'figures'],
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Module specifiers of static imports/exports and dynamic import() calls, with whether type-only. */
function importsOf(text: string): { spec: string; typeOnly: boolean }[] {
  const found: { spec: string; typeOnly: boolean }[] = [];
  const statics = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statics)) found.push({ spec: m[3]!, typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push({ spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

/** Which sia package a specifier reaches from a file, or undefined for anything else. */
function targetPackage(spec: string, file: string): string | undefined {
  const scoped = /^@sia\/([a-z-]+)/.exec(spec);
  if (scoped) return scoped[1];
  if (!spec.startsWith('.')) return undefined;
  const rel = relative(join(ROOT, 'packages'), resolve(dirname(file), spec));
  return rel.startsWith('..') ? undefined : rel.split(sep)[0];
}

describe('dependency arrows point toward core', () => {
  for (const [pkg, allowed] of Object.entries(ALLOWED)) {
    it(`${pkg} depends only on ${allowed.length ? allowed.join(', ') : 'no other sia package'}`, () => {
      const dir = join(ROOT, 'packages', pkg);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies })
        .filter((d) => d.startsWith('@sia/'))
        .map((d) => d.slice(5));
      expect(declared.filter((d) => !allowed.includes(d)), 'package.json').toEqual([]);

      const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { references?: { path: string }[] };
      const refs = (tsconfig.references ?? []).map((r) => r.path.replace(/^\.\.\//, ''));
      expect(refs.filter((r) => !allowed.includes(r)), 'tsconfig references').toEqual([]);

      const wrong: string[] = [];
      for (const file of sourceFiles(join(dir, 'src'))) {
        for (const { spec } of importsOf(readFileSync(file, 'utf8'))) {
          const target = targetPackage(spec, file);
          if (target !== undefined && target !== pkg && !allowed.includes(target)) wrong.push(`${relative(ROOT, file)} imports ${spec}`);
        }
      }
      expect(wrong, 'imports').toEqual([]);
    });
  }

  it('inside core, numeric layers import only leftwards: tensor -> rng -> nn -> train -> io -> model', () => {
    const order = ['tensor', 'rng', 'nn', 'train', 'io', 'model'];
    const src = join(ROOT, 'packages', 'core', 'src');
    const wrong: string[] = [];
    for (const layer of order) {
      for (const file of sourceFiles(join(src, layer))) {
        for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
          if (!spec.startsWith('.') || typeOnly) continue;
          const target = relative(src, resolve(dirname(file), spec)).split(sep)[0]!;
          const t = order.indexOf(target);
          if (t < 0 || t > order.indexOf(layer)) wrong.push(`${relative(ROOT, file)} imports ${spec}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the import scanner sees the forms it must catch', () => {
    // A guard for the check itself: if the scanner missed these, the tests above would pass vacuously.
    const text = [
      "import { a } from '@sia/problems';",
      "import type { B } from '../../layers/src/x.js';",
      "export * from './y.js';",
      "const m = await import('@sia/cli');",
      "import 'side-effect';",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { spec: '@sia/problems', typeOnly: false },
      { spec: '../../layers/src/x.js', typeOnly: true },
      { spec: './y.js', typeOnly: false },
      { spec: 'side-effect', typeOnly: false },
      { spec: '@sia/cli', typeOnly: false },
    ]);
    expect(targetPackage('../../../layers/src/x.js', join(ROOT, 'packages', 'core', 'src', 'nn', 'f.ts'))).toBe('layers');
    expect(targetPackage('../tensor/matrix.js', join(ROOT, 'packages', 'core', 'src', 'nn', 'f.ts'))).toBe('core');
  });
});
