#!/usr/bin/env node
// Type-checks everything: the packages (`tsc -b`, incremental, the same build setup.mjs runs)
// and the test files, which the package builds exclude (scripts/tsconfig.tests.json resolves
// sibling packages to their sources through the `source` condition, as vitest does).
// Exits non-zero on the first failing step. Usage: node scripts/typecheck.mjs
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './setup.mjs';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Runs both checks; returns 0 when the types are sound, else tsc's exit code. */
export function typecheck() {
  const steps = [
    ['packages', ['-b']],
    ['tests', ['-p', join('scripts', 'tsconfig.tests.json')]],
  ];
  for (const [what, args] of steps) {
    const result = spawnSync(process.execPath, [TSC, ...args], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`typecheck: ${what} failed (errors above)`);
      return result.status ?? 1;
    }
  }
  console.error('typecheck: ok');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(typecheck());
}
