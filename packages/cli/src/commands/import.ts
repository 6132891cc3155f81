import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  if (existsSync(out) && flags.force !== true) {
    return reportErrors([siaError('cli/usage', `${out} already exists`, { hint: '--force replaces it' })]);
  }
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, yaml, { flag: 'wx' });
    renameSync(temp, out);
  } catch (e) {
    rmSync(temp, { force: true });
    const why = e instanceof Error ? e.message : String(e);
    return reportErrors([siaError('io/write-failed', `cannot write ${out}: ${why}`, { file: out })]);
  }
  process.stderr.write(`wrote ${out}\n`);
  return EXIT_OK;
}
