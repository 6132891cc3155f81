#!/usr/bin/env node
// `npm run pack -- <dir>`: one installable tarball per publishable package (every packages/<name>
// whose package.json is not private: core, layers, optimizers, figures, problems, cli) written into <dir>,
// the way `pnpm publish` would upload them. Makes sure the tree is installed and built first
// (scripts/setup.mjs), then runs the pinned pnpm's `pack`, which resolves every `workspace:` and
// `catalog:` specifier to a real version and applies each package's `publishConfig` (the shipped
// `exports` have no `source` condition: that one points vitest and the test type-check at the
// TypeScript in the repository).
//
// Then it opens every tarball and checks what a user would trip over: a specifier left
// unresolved, an `exports`/`types`/`bin` target, source map or relative import that points at a
// file not in the tarball, a data file of src/ left out, a missing README, a LICENSE that is not
// the root LICENSE. Any problem: exit 1, naming it. Install the result with
//   npm install <dir>/*.tgz
//
// Usage: node scripts/pack.mjs <dir>     (a relative <dir> is taken from the folder you ran
//                                         `npm run pack` in)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureReady, pinnedPnpm } from './setup.mjs';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** The publishable packages: packages/<name>/package.json without `private: true`. */
export function publishablePackages() {
  const dir = join(ROOT, 'packages');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
    .map((d) => ({ dir: join(dir, d.name), pkg: JSON.parse(readFileSync(join(dir, d.name, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.private !== true)
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/** Every file below `dir`, as POSIX paths relative to it. */
function listFiles(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, base, out);
    else out.push(relative(base, p).split(sep).join('/'));
  }
  return out;
}

/** `dist/a/b.js` (or .js.map, .d.ts, .d.ts.map) -> `src/a/b.ts`; undefined for other files. */
function sourceOf(distFile) {
  const m = /^dist\/(.+?)(\.js|\.js\.map|\.d\.ts|\.d\.ts\.map)$/.exec(distFile);
  return m === null ? undefined : `src/${m[1]}.ts`;
}

/**
 * Removes the build outputs in `<pkgDir>/dist` whose source is gone: `tsc -b` never deletes the
 * outputs of a renamed or removed file, and they would ship (with source maps to nothing).
 * Nothing imports them (the build would have failed), so the tree keeps working. Returns them.
 */
export function pruneStaleOutputs(pkgDir) {
  const dist = join(pkgDir, 'dist');
  if (!existsSync(dist) || !existsSync(join(pkgDir, 'src'))) return [];
  const removed = [];
  for (const f of listFiles(dist)) {
    const src = sourceOf(`dist/${f}`);
    if (src !== undefined && !existsSync(join(pkgDir, src))) {
      rmSync(join(dist, f), { force: true });
      removed.push(`dist/${f}`);
    }
  }
  return removed;
}

/** Every string leaf of an `exports` value (targets under any condition). */
function exportTargets(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) exportTargets(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) exportTargets(v, out);
  return out;
}

/**
 * The problems of one unpacked tarball, as sentences. `root` is its `package/` folder, `source`
 * the package's folder in the repository, `versions` the packed version of every sia package.
 */
export function checkPackage(root, source, versions) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const files = new Set(listFiles(root));
  const has = (p) => files.has(posix.normalize(p.replace(/^\.\//, '')));

  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      if (/^(workspace|catalog):/.test(String(spec))) problems.push(`${field}.${name} is still '${spec}'`);
      else if (versions.has(name) && field !== 'devDependencies' && spec !== versions.get(name)) {
        problems.push(`${field}.${name} is '${spec}', but the packed ${name} is ${versions.get(name)}`);
      }
    }
  }
  if (pkg.license !== 'MIT') problems.push(`license is ${JSON.stringify(pkg.license)}, not "MIT"`);
  if (typeof pkg.repository?.url !== 'string' || typeof pkg.repository?.directory !== 'string') problems.push('repository needs a url and a directory');
  for (const field of ['files', 'exports', 'types']) if (pkg[field] === undefined) problems.push(`package.json has no "${field}"`);

  // Entry points: every exports target (under every condition), types, main, bin.
  const targets = [...exportTargets(pkg.exports), pkg.types, pkg.main, ...(typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {}))]
    .filter((t) => typeof t === 'string');
  for (const t of targets) if (!has(t)) problems.push(`package.json points at ${t}, which is not in the tarball`);

  if (!files.has('README.md')) problems.push('README.md is missing');
  if (!files.has('LICENSE')) problems.push('LICENSE is missing');
  else if (readFileSync(join(root, 'LICENSE'), 'utf8') !== readFileSync(join(ROOT, 'LICENSE'), 'utf8')) {
    problems.push(`LICENSE differs from the root LICENSE (copy it: cp LICENSE ${relative(ROOT, source)}/LICENSE)`);
  }

  for (const f of files) {
    if (/\.test\.[cm]?[jt]s$|(^|\/)__fixtures__\/|\.tsbuildinfo$/.test(f)) problems.push(`${f} is shipped (tests, fixtures and build state are not)`);
    const dir = posix.dirname(f);
    if (f.endsWith('.map')) {
      let map;
      try {
        map = JSON.parse(readFileSync(join(root, f), 'utf8'));
      } catch {
        problems.push(`${f} is not valid JSON`);
        continue;
      }
      for (const s of map.sources ?? []) {
        if (!has(posix.join(dir, map.sourceRoot ?? '', s))) problems.push(`${f} maps to ${s}, which is not in the tarball`);
      }
    } else if (/\.(m?js|d\.ts)$/.test(f)) {
      const text = readFileSync(join(root, f), 'utf8');
      const mapUrl = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
      if (mapUrl !== undefined && !mapUrl.startsWith('data:') && !has(posix.join(dir, mapUrl))) problems.push(`${f} names the source map ${mapUrl}, which is not in the tarball`);
      if (f.endsWith('.js')) {
        // Relative imports and files read through `new URL('<literal>', import.meta.url)`.
        for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bnew URL\(\s*)['"](\.\.?\/[^'"]+)['"]/g)) {
          if (!has(posix.join(dir, m[1]))) problems.push(`${f} refers to ${m[1]}, which is not in the tarball`);
        }
        const src = sourceOf(f);
        if (src !== undefined && !files.has(src)) problems.push(`${f} has no source (${src}): a build output of a removed file`);
      }
    }
  }

  // Data files the code reads at run time live in src/ (tsc copies nothing but .ts): all shipped.
  const srcDir = join(source, 'src');
  if (existsSync(srcDir)) {
    for (const f of listFiles(srcDir)) {
      if (/\.[cm]?tsx?$/.test(f) || /(^|\/)__fixtures__\//.test(f)) continue;
      if (!files.has(`src/${f}`)) problems.push(`src/${f} is not shipped (add it to "files")`);
    }
  }
  return problems;
}

/** Runs a command; exits with its output when it fails. */
function runOrDie(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, shell: process.platform === 'win32', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`pack: ${[command, ...args].join(' ')} failed (exit ${result.status})\n${result.stdout ?? ''}${result.stderr ?? ''}`);
    process.exit(1);
  }
  return result;
}

/** Packs every publishable package into `outDir`; returns the tarball paths, or exits. */
export function pack(outDir) {
  const packages = publishablePackages();
  const versions = new Map(packages.map(({ pkg }) => [pkg.name, pkg.version]));
  for (const { dir, pkg } of packages) {
    const removed = pruneStaleOutputs(dir);
    if (removed.length > 0) console.error(`pack: ${pkg.name}: removed ${removed.length} build outputs of removed sources (${[...new Set(removed.map((f) => f.replace(/(\.d)?\.(js|ts)(\.map)?$/, '')))].join(', ')})`);
  }
  mkdirSync(outDir, { recursive: true });
  const before = new Set(readdirSync(outDir).filter((f) => f.endsWith('.tgz')));

  const filters = packages.flatMap(({ pkg }) => ['--filter', pkg.name]);
  const result = runOrDie('npx', ['--yes', `pnpm@${pinnedPnpm()}`, '--recursive', '--fail-if-no-match', ...filters, 'pack', '--pack-destination', outDir, '--json'], { cwd: ROOT });
  let packed;
  try {
    packed = JSON.parse(result.stdout);
  } catch {
    console.error(`pack: pnpm pack --json printed something other than JSON:\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  if (!Array.isArray(packed)) packed = [packed];

  const tarballs = [];
  let failed = false;
  for (const { dir, pkg } of packages) {
    const entry = packed.find((p) => p.name === pkg.name);
    const file = entry === undefined ? undefined : resolve(outDir, entry.filename);
    if (file === undefined || !existsSync(file)) {
      console.error(`pack: ${pkg.name}: pnpm made no tarball`);
      failed = true;
      continue;
    }
    const scratch = mkdtempSync(join(tmpdir(), 'sia-pack-'));
    try {
      // tar ships with Linux, macOS and Windows 10 or later.
      runOrDie('tar', ['-xzf', basename(file), '-C', scratch], { cwd: dirname(file) });
      const problems = checkPackage(join(scratch, 'package'), dir, versions);
      for (const p of problems) console.error(`pack: ${pkg.name}: ${p}`);
      if (problems.length > 0) failed = true;
      const count = listFiles(join(scratch, 'package')).length;
      console.error(`pack: ${pkg.name}@${pkg.version} -> ${file} (${count} files, ${Math.round(statSync(file).size / 1024)} kB)${problems.length > 0 ? ' FAILED' : ''}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    tarballs.push(file);
  }
  const made = new Set(tarballs.map((t) => basename(t)));
  const others = [...before].filter((f) => !made.has(f));
  if (others.length > 0) console.error(`pack: note: ${outDir} also holds ${others.join(', ')}; \`npm install ${outDir}${sep}*.tgz\` would install those too`);
  if (failed) {
    console.error('pack: the tarballs above have problems');
    process.exit(1);
  }
  return tarballs;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('-')) {
    console.error('usage: npm run pack -- <dir>   (writes one tarball per package into <dir>)');
    process.exit(2);
  }
  // npm runs scripts from the root and says where the user was in INIT_CWD.
  const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), args[0]);
  const status = ensureReady({ quiet: true });
  if (status !== 0) process.exit(status);
  for (const file of pack(outDir)) console.log(file);
  console.error(`pack: install with: npm install ${args[0].replace(/[\\/]+$/, '')}${sep}*.tgz`);
}
