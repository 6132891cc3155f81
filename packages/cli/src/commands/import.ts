import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { siaError } from '@sia/core';
import { EXIT_OK } from '../exit-codes.js';
import { readConfig } from '../import/read-config.js';
import { toPipeline } from '../import/to-pipeline.js';
import { reportErrors } from '../report-errors.js';

export interface ImportFlags {
  /** `-o`: write the pipeline to this file instead of stdout. */
  readonly out?: string | undefined;
  /** `--force`: replace an existing `-o` file. */
  readonly force?: boolean;
}

/**
 * `sia import <file.json>`: reads the earlier tool's JSON configuration (comments allowed) and
 * prints the equivalent pipeline, or writes it to `-o` (a temporary file beside it, then a
 * rename, so the file is never half-written). Bad input exits 2 with one located line on
 * stderr and nothing written; an existing `-o` file is kept unless `--force`.
 */
export async function importCommand(file: string, flags: ImportFlags): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return reportErrors([siaError('io/not-found', `configuration file not found: ${file}`, { file })]);
    const why = e instanceof Error ? e.message : String(e);
    return reportErrors([siaError('io/unreadable', `cannot read configuration file ${file}: ${why}`, { file })]);
  }
  const config = readConfig(text, file);
  if (config.isErr()) return reportErrors([config.error]);
  const yaml = toPipeline(config.value, { file });

  const out = flags.out;
  if (out === undefined || out === '-') {
    process.stdout.write(yaml);
    return EXIT_OK;
  }
  const exists = (): number => reportErrors([siaError('cli/usage', `${out} already exists`, { hint: '--force replaces it' })]);
  if (existsSync(out) && flags.force !== true) return exists();
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, yaml, { flag: 'wx' });
    if (flags.force === true) renameSync(temp, out);
    else publishNew(temp, out);
  } catch (e) {
    rmSync(temp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return exists();
    const why = e instanceof Error ? e.message : String(e);
    return reportErrors([siaError('io/write-failed', `cannot write ${out}: ${why}`, { file: out })]);
  }
  process.stderr.write(`wrote ${out}\n`);
  return EXIT_OK;
}

/**
 * Moves the finished `temp` to `out` only if `out` still does not exist: a hard link fails with
 * EEXIST instead of replacing a file made since the check. Where hard links are not supported,
 * a rename after a fresh check.
 */
function publishNew(temp: string, out: string): void {
  try {
    linkSync(temp, out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    if (existsSync(out)) throw Object.assign(new Error(`${out} already exists`), { code: 'EEXIST' });
    renameSync(temp, out);
    return;
  }
  rmSync(temp, { force: true });
}
