import { defineStage, type DatasetArtifact, type Matrix, type ModelArtifact } from '@sia/core';
import { countWrongPixels } from './wrong-pixels.js';
import { reconstructionFigure } from '../sample/reconstruction-figure.js';

export interface ReconstructionOptions {
  threshold: number;
  within: number;
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
 * `evaluate/reconstruction`: reconstructs every item from its code (the mean for a variational
 * model, so no sampling noise), counts wrong pixels per item (output > threshold is ink) and
 * measures the mean absolute error per pixel.
 */
export const reconstructionPlugin = defineStage<ReconstructionOptions>({
  kind: 'evaluate',
  name: 'reconstruction',
  version: '0.1.0',
  description: 'Wrong pixels per item and mean absolute error per pixel of the reconstructions from the (mean) codes, with a picture.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'An output above this is ink.' },
      within: { type: 'integer', minimum: 0, default: 0, description: 'Items within this many wrong pixels count as learned.' },
      figure: { type: 'boolean', default: true, description: 'Write reconstructions.png: items beside their reconstructions, wrong pixels marked.' },
    },
  },
  inputs: {
    model: { accepts: ['model'], description: 'The trained model.' },
    data: { accepts: ['dataset'], description: 'The items to reconstruct (clean).' },
  },
  output: 'report',
  run(config, inputs, ctx) {
    const { model } = inputs.model as ModelArtifact;
    const data = inputs.data as DatasetArtifact;
    const output = model.reconstruct(data.inputs);
    const counts = new Int32Array(output.rows);
    const { max, total } = countWrongPixels(output, data.targets, counts, config.threshold);
    const error = absoluteError(output, data.targets);
    const wrongPixels: Record<string, number> = {};
    let within = 0;
    data.labels.forEach((label, i) => {
      wrongPixels[label] = counts[i]!;
      if (counts[i]! <= config.within) within++;
    });
    const metrics = {
      items: output.rows,
      maxWrongPixels: max,
      meanWrongPixels: Number((total / Math.max(1, output.rows)).toFixed(4)),
      itemsWithin: within,
      within: config.within,
      wrongPixels,
      meanAbsoluteError: Number(error.mean.toPrecision(4)),
      maxAbsoluteError: Number(error.max.toPrecision(4)),
    };
    ctx.log(`${within} of ${output.rows} items within ${config.within} wrong pixels; max ${max}; mean absolute error ${metrics.meanAbsoluteError} per pixel`);
    const files: string[] = [];
    if (config.figure && data.imageShape) {
      files.push(ctx.writeFile(`${ctx.stageId}/reconstructions.png`, reconstructionFigure(data, output, counts, config.threshold, config.within)));
    }
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});
