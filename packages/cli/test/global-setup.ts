import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './sia.js';

/**
 * The end-to-end tests run `node packages/cli/dist/main.js`, so the build must be current.
 * scripts/setup.mjs builds only what is stale (a no-op costs ~0.1 s).
 */
export default function setup(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'setup.mjs'), '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`building sia for the CLI tests failed:\n${result.stdout}\n${result.stderr}`);
  }
}
