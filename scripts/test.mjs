#!/usr/bin/env node
// The test command (`npm test`, and so `.ci/run`): type-checks the packages and the tests, then
// runs every vitest project once with the default reporter on screen and the JSON reporter to
// .vitest-report.json, and closes with one plain line `N passed, N failed` counted from that
// report. Exits non-zero when the type check or any test fails. Extra arguments go to vitest
// (e.g. `npm test -- packages/cli`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';
import { typecheck } from './typecheck.mjs';
import { ensureSystemPackages } from './system-packages.mjs';

const REPORT = join(ROOT, '.vitest-report.json');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/** Counts from vitest's JSON report, or undefined when it is missing or unreadable. */
function counts() {
  try {
    const report = JSON.parse(readFileSync(REPORT, 'utf8'));
    return {
      passed: Number(report.numPassedTests ?? 0),
      failed: Number(report.numFailedTests ?? 0),
      skipped: Number(report.numPendingTests ?? 0) + Number(report.numTodoTests ?? 0),
    };
  } catch {
    return undefined;
  }
}

const typeStatus = typecheck();
ensureSystemPackages();

rmSync(REPORT, { force: true });
const result = spawnSync(
  process.execPath,
  [VITEST, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);
const vitestStatus = result.status ?? 1;

const c = existsSync(REPORT) ? counts() : undefined;
if (c === undefined) console.error('test: vitest wrote no report (it crashed before running the tests)');
if (typeStatus !== 0) console.error('test: the type check failed (see above)');
// The closing line CI reads: nothing may be printed after it.
const skipped = c && c.skipped > 0 ? `, ${c.skipped} skipped` : '';
console.log(`${c?.passed ?? 0} passed, ${c?.failed ?? 0} failed${skipped}`);
process.exit(vitestStatus !== 0 ? vitestStatus : typeStatus !== 0 ? typeStatus : c === undefined ? 1 : 0);
