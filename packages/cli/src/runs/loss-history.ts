import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunData } from './read-run.js';

/** One training stage's loss per epoch. */
export interface LossCurve {
  readonly stage: string;
  readonly loss: readonly number[];
}

/**
 * The loss curves of a run's training stages: for each stage of its metrics.json, the `loss`
 * history in `<stage>/model.json` (what the trainers write). Stages without that file, or whose
 * file has no such history, are not training stages and are skipped.
 */
export function lossCurves(run: RunData): LossCurve[] {
  const curves: LossCurve[] = [];
  for (const stage of Object.keys(run.stages)) {
    let model: unknown;
    try {
      model = JSON.parse(readFileSync(join(run.dir, stage, 'model.json'), 'utf8'));
    } catch {
      continue;
    }
    const loss = (model as { history?: { loss?: unknown } } | null)?.history?.loss;
    if (Array.isArray(loss) && loss.length > 0 && loss.every((v) => typeof v === 'number')) curves.push({ stage, loss });
  }
  return curves;
}
