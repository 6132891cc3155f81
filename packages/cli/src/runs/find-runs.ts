import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from '../summary.js';
import { headlineMetrics, type StageScalars } from './headline.js';
import { METRICS_FILE, readRun, type RunFields } from './read-run.js';

/** One run found by `findRuns`. */
export interface RunListing extends RunFields {
  /** Absolute path of the run folder. */
  readonly dir: string;
  readonly headline: StageScalars;
}

export interface FoundRuns {
  /** Oldest first. */
  readonly runs: readonly RunListing[];
  /** One line per metrics.json that could not be read (the folder is left out). */
  readonly warnings: readonly string[];
}

/** How far below the root run folders are looked for: `runs/<name>/<stamp>` is 2, a sweep's trials deeper. */
export const SEARCH_DEPTH = 4;

/**
 * The run folders at or below `root` (default `runs`): every folder holding a metrics.json, at
 * most `SEARCH_DEPTH` levels down. The search does not go into a run folder, into folders whose
 * name starts with a dot (`.sia-cache`), or through symbolic links. Runs are sorted by start time;
 * a run that does not record one (an older run) sorts by its metrics.json's modification time.
 */
export function findRuns(root = 'runs', depth = SEARCH_DEPTH): FoundRuns {
  const found: { run: RunListing; at: number }[] = [];
  const warnings: string[] = [];
  const visit = (dir: string, level: number): void => {
    const file = join(dir, METRICS_FILE);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() === true) {
      const data = readRun(dir);
      if (typeof data === 'string') {
        warnings.push(`${displayPath(dir)}: ${data}; left out`);
        return;
      }
      const { stages, ...fields } = data;
      const started = fields.started !== null ? Date.parse(fields.started) : NaN;
      found.push({ run: { ...fields, headline: headlineMetrics(stages) }, at: Number.isNaN(started) ? stat.mtimeMs : started });
      return;
    }
    if (level >= depth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      warnings.push(`${displayPath(dir)}: cannot read the folder (${(e as Error).message}); left out`);
      return;
    }
    const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
    for (const name of folders) visit(join(dir, name), level + 1);
  };
  visit(resolve(root), 0);
  found.sort((a, b) => a.at - b.at || (a.run.dir < b.run.dir ? -1 : a.run.dir > b.run.dir ? 1 : 0));
  return { runs: found.map((f) => f.run), warnings };
}
