import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chartFiles } from '@sia/figures';
import { writeFileWhole } from '@sia/core';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.js';
import { displayPath } from '../summary.js';
import { formatCompareTable } from '../runs/compare-table.js';
import { shortLabels } from '../runs/labels.js';
import { lossComparisonFigure } from '../runs/loss-figure.js';
import { lossCurves } from '../runs/loss-history.js';
import { readRun, type RunData } from '../runs/read-run.js';

const usage = (message: string): number => {
  process.stderr.write(`sia: compare: ${message} [cli/usage]\n`);
  return EXIT_BAD_INPUT;
};

/**
 * `sia compare <run> <run> ...`: prints the runs' metrics side by side (a column per run) and
 * writes a picture of their loss curves to `--out` (default `compare.png`), with the same chart
 * as SVG and as an interactive Vega-Lite spec beside it (`compare.svg`, `compare.vl.json`: the
 * name without its `.png`). Every folder is read
 * first: fewer than two runs, a folder that is not a run folder, or an `--out` that is a folder
 * is bad input (exit 2) with nothing written.
 */
export async function compareCommand(runs: string[], flags: { out?: string }): Promise<number> {
  if (runs.length < 2) return usage(`needs at least two run folders to compare (got ${runs.length})`);
  const data: RunData[] = [];
  const seen = new Set<string>();
  for (const folder of runs) {
    const dir = resolve(folder);
    if (seen.has(dir)) return usage(`${folder}: given twice`);
    seen.add(dir);
    const run = readRun(dir);
    if (typeof run === 'string') return usage(`${folder}: ${run}`);
    data.push(run);
  }
  const out = resolve(flags.out ?? 'compare.png');
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory() === true) return usage(`--out ${flags.out}: is a folder; give a file name such as compare.png`);

  const labels = shortLabels(runs);
  const curves = data.map((run, i) => ({ label: labels[i]!, curves: lossCurves(run) }));
  const lines = formatCompareTable(data, labels);
  if (curves.some((c) => c.curves.length > 0)) {
    try {
      const chart = await chartFiles(lossComparisonFigure(curves));
      const base = out.replace(/\.png$/i, '');
      writeFileWhole(out, chart.png);
      writeFileWhole(`${base}.svg`, chart.svg);
      writeFileWhole(`${base}.vl.json`, chart['vl.json']!);
    } catch (e) {
      return usage(`--out: ${(e as Error).message}`);
    }
    lines.push('', `loss curves: ${displayPath(out)}`);
  } else {
    lines.push('', 'loss curves: none of these runs has a training stage with a loss history; no picture written');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
