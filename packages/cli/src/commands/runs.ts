import { statSync } from 'node:fs';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.js';
import { displayPath } from '../summary.js';
import { findRuns } from '../runs/find-runs.js';
import { formatRunsTable } from '../runs/runs-table.js';

/**
 * `sia runs [folder]`: lists the run folders at or below `folder` (default `runs`), oldest first,
 * as an aligned table or, with `--json`, as a JSON array of the records. A metrics.json that
 * cannot be read is a warning line on stderr; a missing folder is bad input (exit 2).
 */
export async function runsCommand(folder: string | undefined, flags: { json: boolean }): Promise<number> {
  const root = folder ?? 'runs';
  const stat = statSync(root, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isDirectory()) {
    const why = stat === undefined ? 'no such folder' : 'not a folder';
    const hint = folder === undefined ? ' (the default; name the folder to search)' : '';
    process.stderr.write(`sia: runs: ${why}: ${root}${hint} [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  const { runs, warnings } = findRuns(root);
  for (const w of warnings) process.stderr.write(`sia: warning: ${w}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
  else if (runs.length === 0) process.stdout.write(`no runs in ${displayPath(root)}\n`);
  else process.stdout.write(`${formatRunsTable(runs).join('\n')}\n`);
  return EXIT_OK;
}
