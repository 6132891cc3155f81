#!/usr/bin/env node
// `npm run sia -- <args>` and `pnpm sia <args>`: makes sure the tree is installed and built
// (quietly when it already is), then runs the `sia` command in the caller's folder.
// npm and pnpm run scripts from the repository root and say where the user was in INIT_CWD,
// so relative paths on the command line mean what the user meant.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureReady } from './setup.mjs';

const status = ensureReady({ quiet: true });
if (status !== 0) process.exit(status);

const main = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
// Run in this process (one Node start-up instead of two): the CLI reads process.argv.
process.argv = [process.argv[0] ?? process.execPath, main, ...process.argv.slice(2)];
await import(pathToFileURL(main).href);
