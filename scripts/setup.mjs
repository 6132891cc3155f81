#!/usr/bin/env node
// Fresh-machine set-up: a new user with only Node 20 and npm clones the repository and types
// `npm run sia -- run <pipeline>` or `npm test`; both call this script first. It installs the
// dependencies (through the pnpm version pinned in package.json) when node_modules is missing or
// older than pnpm-lock.yaml, then compiles the TypeScript packages with `tsc -b` when a build is
// missing or older than its sources. Plain Node, no dependencies: it must run before any install.
//
// The no-op path (everything installed and built) only stats files, because `npm run sia` runs
// it every time; keep it well under 0.3 s.
//
// Everything it and the programs it starts print goes to stderr, so a command's stdout stays its
// own from the first run on.
//
// Usage: node scripts/setup.mjs [--quiet] [--force-build]
//   --quiet        print nothing unless something has to be done
//   --force-build  run `tsc -b` even when the build looks up to date
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Repository root (this file lives in scripts/). */
export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

const INSTALL_STAMP = join(ROOT, 'node_modules', '.sia-install-stamp');
const BUILD_STAMP = join(ROOT, 'node_modules', '.sia-build-stamp');

/** Modification time in ms, or -Infinity when the path does not exist. */
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -Infinity;
  }
}

/** Writes (or refreshes) a stamp file and sets its time to `at` (ms since epoch). */
function stamp(path, at) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${new Date(at).toISOString()}\n`);
  utimesSync(path, at / 1000, at / 1000);
}

/** The pnpm version pinned by `packageManager` in the root package.json (e.g. "12.4.2"). */
export function pinnedPnpm() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const match = /^pnpm@([^+\s]+)/.exec(pkg.packageManager ?? '');
  if (!match) throw new Error('package.json has no "packageManager": "pnpm@<version>" field');
  return match[1];
}

/** True when dependencies must be (re)installed: node_modules missing or older than the lock. */
export function needsInstall() {
  const marker = Math.max(mtime(INSTALL_STAMP), mtime(join(ROOT, 'node_modules', '.modules.yaml')));
  if (marker === -Infinity) return true;
  return mtime(join(ROOT, 'pnpm-lock.yaml')) > marker;
}

/** stdin inherited, stdout and stderr both to our stderr (fd 2). */
const TO_STDERR = ['inherit', 2, 2];

function run(command, args) {
  console.error(`setup: ${[command, ...args].join(' ')}`);
  // npx is a .cmd shim on Windows; shell resolves it there. Arguments here are fixed strings.
  // The child's stdout goes to our stderr: stdout belongs to the command that asked for set-up
  // (`npm run -s sia -- plugins --json | jq .` must see JSON only, even on a fresh clone).
  const result = spawnSync(command, args, { cwd: ROOT, stdio: TO_STDERR, shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Installs with the pinned pnpm through npx (only npm is assumed on the machine). */
export function install() {
  const started = Date.now();
  const pnpm = `pnpm@${pinnedPnpm()}`;
  const hasLock = existsSync(join(ROOT, 'pnpm-lock.yaml'));
  // A committed lock is the contract: never resolve new versions behind the user's back.
  const args = ['--yes', pnpm, 'install', ...(hasLock ? ['--frozen-lockfile'] : [])];
  const status = run('npx', args);
  if (status !== 0) return status;
  stamp(INSTALL_STAMP, started);
  return 0;
}

/** The TypeScript packages: every packages/<name> with a tsconfig.json. */
function projects() {
  const dir = join(ROOT, 'packages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'tsconfig.json')))
    .map((d) => join(dir, d.name));
}

/**
 * Newest modification time among the inputs of a build: folders (so a deleted or renamed file
 * counts), .ts sources other than tests (tests are excluded from the build, so touching them must
 * not trigger it), and the configuration files.
 */
function newestInput(dir) {
  let newest = mtime(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '__fixtures__' || entry.name === 'node_modules') continue;
      newest = Math.max(newest, newestInput(path));
    } else if (/\.(m|c)?tsx?$|\.json$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      newest = Math.max(newest, mtime(path));
    }
  }
  return newest;
}

/** True when some package has no dist, or a source is newer than the last successful build. */
export function needsBuild() {
  const built = mtime(BUILD_STAMP);
  let newest = Math.max(mtime(join(ROOT, 'tsconfig.json')), mtime(join(ROOT, 'tsconfig.base.json')));
  for (const project of projects()) {
    if (!existsSync(join(project, 'dist'))) return true;
    newest = Math.max(newest, newestInput(join(project, 'src')), mtime(join(project, 'tsconfig.json')), mtime(join(project, 'package.json')));
  }
  return newest > built;
}

/** Runs the incremental TypeScript build (`tsc -b` from node_modules/.bin). */
export function build() {
  const started = Date.now();
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    console.error('setup: TypeScript is not installed (node_modules/typescript missing); run `npm run setup`');
    return 1;
  }
  console.error('setup: building (tsc -b)');
  // tsc prints its errors on stdout: to stderr with the rest of the set-up's output.
  const result = spawnSync(process.execPath, [tsc, '-b'], { cwd: ROOT, stdio: TO_STDERR });
  if (result.status !== 0) {
    console.error('setup: the TypeScript build failed (errors above)');
    return result.status ?? 1;
  }
  // Stamped with the start time, so a file saved during the build still counts as newer.
  stamp(BUILD_STAMP, started);
  return 0;
}

/**
 * Makes the tree ready to run: installs when needed, builds when needed.
 * Returns a process exit code (0 when ready).
 */
export function ensureReady({ quiet = false, forceBuild = false } = {}) {
  let didWork = false;
  if (needsInstall()) {
    didWork = true;
    console.error('setup: installing dependencies (first run, or pnpm-lock.yaml changed)');
    const status = install();
    if (status !== 0) {
      console.error('setup: install failed');
      return status;
    }
  }
  if (forceBuild || didWork || needsBuild()) {
    // Work is being done, so say so even in quiet mode: a pause of seconds needs a reason.
    const status = build();
    if (status !== 0) return status;
    didWork = true;
  }
  if (!quiet && !didWork) console.error('setup: up to date');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((a) => a !== '--quiet' && a !== '--force-build');
  if (unknown.length > 0) {
    console.error(`setup: unknown option ${unknown.join(' ')} (known: --quiet, --force-build)`);
    process.exit(2);
  }
  process.exit(ensureReady({ quiet: args.has('--quiet'), forceBuild: args.has('--force-build') }));
}
