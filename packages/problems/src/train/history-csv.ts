import type { ModelArtifact } from '@sia/core';

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number as the shortest text that reads back to the same double; NaN (not measured) as an empty cell. */
const cell = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '' : String(x));

/**
 * A training stage's `history.csv` (RFC 4180: CRLF line ends, a header row): one row per epoch,
 * `epoch,loss`, the objective's terms (`reconstruction`, `kl`, ...) when it has penalties, then
 * `learning_rate` when a schedule ran and `max_wrong_pixels` when wrong pixels were counted (every
 * `checkEvery` epochs, so the cells between counts are empty).
 */
export function historyCsv(artifact: Pick<ModelArtifact, 'history' | 'learningRate'>, maxWrongPixels?: ArrayLike<number>): string {
  const loss = artifact.history.loss ?? [];
  const terms = Object.keys(artifact.history).filter((k) => k !== 'loss');
  const columns: { name: string; at: (i: number) => number | undefined }[] = [
    { name: 'loss', at: (i) => loss[i] },
    ...terms.map((t) => ({ name: t, at: (i: number) => artifact.history[t]![i] })),
  ];
  const rates = artifact.learningRate;
  if (rates !== undefined) columns.push({ name: 'learning_rate', at: (i) => rates[i] });
  if (maxWrongPixels !== undefined) columns.push({ name: 'max_wrong_pixels', at: (i) => maxWrongPixels[i] });
  const rows = [['epoch', ...columns.map((c) => field(c.name))].join(',')];
  for (let i = 0; i < loss.length; i++) rows.push([String(i + 1), ...columns.map((c) => cell(c.at(i)))].join(','));
  return `${rows.join('\r\n')}\r\n`;
}
