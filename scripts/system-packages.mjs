#!/usr/bin/env node
// System programs some tests need, installed from Debian's packages when missing: `redis-server`
// for the BullMQ queue tests, `chromium` for the browser build's test (examples/browser). Run by the test command (`npm test`) before vitest; it needs root
// (CI and the project machines run as root) and apt-get, and does nothing when the programs are
// already on the PATH. When it cannot install, it says so; the tests that need the program then
// fail with that reason rather than passing quietly.
//
// Usage: node scripts/system-packages.mjs
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Program on the PATH -> the Debian package that provides it. */
export const SYSTEM_PACKAGES = { 'redis-server': 'redis-server', chromium: 'chromium' };

function onPath(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).status === 0;
}

/** Installs what is missing; returns the programs still missing afterwards. */
export function ensureSystemPackages(log = (m) => console.error(m)) {
  const missing = Object.entries(SYSTEM_PACKAGES).filter(([program]) => !onPath(program));
  if (missing.length === 0) return [];
  const packages = missing.map(([, pkg]) => pkg);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !onPath('apt-get')) {
    log(`setup: ${packages.join(', ')} missing and cannot be installed here (needs root and apt-get); the tests that use it will fail`);
    return missing.map(([program]) => program);
  }
  log(`setup: installing ${packages.join(', ')} from Debian's packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // apt-get's progress goes to stderr (fd 2), like every set-up message: stdout is the tests' own.
  const stdio = ['ignore', 2, 2];
  const update = spawnSync('apt-get', ['update'], { stdio, env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio, env }) : update;
  if (install.status !== 0) log(`setup: apt-get could not install ${packages.join(', ')}`);
  return missing.filter(([program]) => !onPath(program)).map(([program]) => program);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(ensureSystemPackages().length === 0 ? 0 : 1);
}
