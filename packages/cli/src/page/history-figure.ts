import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StageRecord } from '@sia/core';
import { formatCount, lossChartSpec, type LossSeries } from '@sia/figures';
import type { StageFigure } from './stage-figures.js';

/** The stage that draws a model's training curves itself (its loss.vl.json is on the page). */
export const LOSS_CURVE = 'sample/loss-curve';

/** Columns of history.csv that are not a curve of the objective. */
const NOT_LOSS = new Set(['epoch', 'learning_rate', 'max_wrong_pixels']);

/** One RFC 4180 line's fields (quoted fields may hold commas and doubled quotes; no line breaks in sia's). */
function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let text = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') (text += '"'), (i += 2);
        else if (line[i] === '"') break;
        else text += line[i++];
      }
      out.push(text);
      i += 2; // the closing quote and the comma
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

/** history.csv as columns of numbers (an empty cell, not measured that epoch, is NaN). */
export function parseHistoryCsv(text: string): Map<string, number[]> {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const names = fields(lines[0] ?? '');
  const columns = new Map<string, number[]>(names.map((n) => [n, []]));
  for (const line of lines.slice(1)) {
    const cells = fields(line);
    names.forEach((n, k) => columns.get(n)!.push(cells[k] === undefined || cells[k] === '' ? NaN : Number(cells[k])));
  }
  return columns;
}

/**
 * The training curves of a training stage that no `sample/loss-curve` stage draws (e.g. the
 * plain model a denoising pipeline compares against), read from its history.csv and charted by
 * the figures package's `lossChartSpec` (the same zoom, hover, log/linear toggle, smoothing,
 * learning-rate panel and decimation as a loss-curve stage's chart).
 */
export function historyFigure(outDir: string, stage: StageRecord, stages: readonly StageRecord[]): StageFigure | undefined {
  const file = stage.files.find((f) => f === `${stage.id}/history.csv`);
  if (file === undefined) return undefined;
  const drawn = stages.some((s) => s.uses === LOSS_CURVE && Object.values(s.inputs ?? {}).includes(stage.id));
  if (drawn) return undefined;
  let columns: Map<string, number[]>;
  try {
    columns = parseHistoryCsv(readFileSync(join(outDir, file), 'utf8'));
  } catch (e) {
    return { base: `${stage.id}/history`, links: [file], fromHistory: true, problem: `${file} could not be read (${(e as Error).message})` };
  }
  const series: LossSeries[] = [...columns].filter(([name, v]) => !NOT_LOSS.has(name) && v.some(Number.isFinite)).map(([name, values]) => ({ name, values }));
  if (series.length === 0) return undefined;
  const rate = columns.get('learning_rate');
  const epochs = Math.max(...series.map((s) => s.values.length));
  const spec = lossChartSpec(series, {
    title: `Training curves of ${stage.id} over ${formatCount(epochs)} epochs`,
    logY: true,
    epochs,
    ...(rate !== undefined && rate.some(Number.isFinite) ? { learningRate: rate } : {}),
  }) as Record<string, unknown>;
  return { base: `${stage.id}/history`, spec, links: [file], fromHistory: true };
}
