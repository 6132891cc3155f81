import { defineStage, type DatasetArtifact, type Matrix, type ModelArtifact, type StagePlugin } from '@sia/core';
import { countWrongPixels } from './wrong-pixels.js';
import { writeFigure } from '@sia/figures';
import { reconstructionFigure } from '../sample/reconstruction-figure.js';

/** Options of the reconstruction evaluators. */
export interface ReconstructionOptions {
  /** An output above this is ink. */
  threshold: number;
  /** Items within this many wrong pixels count as learned. */
  within: number;
  /** Draw the items next to their reconstructions, wrong pixels marked. */
  figure: boolean;
}

/** Mean and largest absolute difference between outputs and targets, over every pixel. */
export function absoluteError(output: Matrix, target: Matrix): { mean: number; max: number } {
  const O = output.data, T = target.data;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < O.length; i++) {
    const d = Math.abs(O[i]! - T[i]!);
    sum += d;
    if (d > max) max = d;
  }
  return { mean: O.length === 0 ? 0 : sum / O.length, max };
}

/**
 * Reconstructs every item from its clean input (a variational model decodes its mean code, so
 * there is no sampling noise), counts wrong pixels per item and the absolute error per pixel.
 * Honest by construction: the maximum over items, not only a mean.
 */
export function reconstructionReport(model: ModelArtifact, data: DatasetArtifact, config: ReconstructionOptions) {
  const output = model.model.reconstruct(data.inputs);
  const counts = new Int32Array(output.rows);
  const { max, total } = countWrongPixels(output, data.targets, counts, config.threshold);
  const error = absoluteError(output, data.targets);
  const wrongPixels: Record<string, number> = {};
  const over: string[] = [];
  let within = 0;
  data.labels.forEach((label, i) => {
    wrongPixels[label] = counts[i]!;
    if (counts[i]! <= config.within) within++;
    else over.push(`${label} (${counts[i]})`);
  });
  const metrics = {
    items: output.rows,
    maxWrongPixels: max,
    meanWrongPixels: Number((total / Math.max(1, output.rows)).toFixed(4)),
    itemsWithin: within,
    within: config.within,
    meanAbsoluteError: Number(error.mean.toPrecision(4)),
    maxAbsoluteError: Number(error.max.toPrecision(4)),
    wrongPixels,
  };
  const plural = config.within === 1 ? '' : 's';
  const summary =
    `${within} of ${output.rows} items within ${config.within} wrong pixel${plural}; max ${max}; ` +
    `mean absolute error ${metrics.meanAbsoluteError} per pixel` +
    (over.length > 0 ? `; over the limit: ${over.join(', ')}` : '');
  return { metrics, output, counts, summary };
}

/** A stage plugin that evaluates reconstructions; the built-ins differ only in name and defaults. */
export function reconstructionEvaluator(name: string, description: string, defaultWithin: number): StagePlugin<ReconstructionOptions> {
  return defineStage<ReconstructionOptions>({
    kind: 'evaluate',
    name,
    version: '0.1.0',
    description,
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'An output above this is ink.' },
        within: { type: 'integer', minimum: 0, default: defaultWithin, description: 'Items within this many wrong pixels count as learned.' },
        figure: { type: 'boolean', default: true, description: 'Write reconstructions.png: items beside their reconstructions, wrong pixels marked.' },
      },
    },
    inputs: {
      model: { accepts: ['model'], description: 'The trained model.' },
      data: { accepts: ['dataset'], description: 'The items to reconstruct (clean).' },
    },
    output: 'report',
    run(config, inputs, ctx) {
      const data = inputs.data as DatasetArtifact;
      const { metrics, output, counts, summary } = reconstructionReport(inputs.model as ModelArtifact, data, config);
      ctx.log(summary);
      const files: string[] = [];
      if (config.figure && data.imageShape) {
        files.push(...writeFigure(ctx.writeFile, `${ctx.stageId}/reconstructions`, reconstructionFigure(data, output, counts, config.threshold, config.within)));
      }
      return { artifact: { type: 'report', metrics }, metrics, files };
    },
  });
}
