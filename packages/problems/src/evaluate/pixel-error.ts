import { defineStage, type DatasetArtifact, type ModelArtifact } from '@sia/core';
import { countWrongPixels } from './wrong-pixels.js';
import { reconstructionFigure } from '../sample/reconstruction-figure.js';

export interface PixelErrorOptions {
  /** An output above this is ink. */
  threshold: number;
  /** Items within this many wrong pixels count as learned. */
  within: number;
  /** Draw the items next to their reconstructions, wrong pixels marked. */
  figure: boolean;
}

/**
 * `evaluate/pixel-error`: reconstructs every item (from its clean input), thresholds the output
 * and counts wrong pixels per item. Honest by construction: the maximum, not a mean.
 */
export const pixelErrorPlugin = defineStage<PixelErrorOptions>({
  kind: 'evaluate',
  name: 'pixel-error',
  version: '0.1.0',
  description: 'Wrong pixels per item of the reconstructions (output > threshold is ink), with a picture of them.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'An output above this is ink.' },
      within: { type: 'integer', minimum: 0, default: 1, description: 'Items within this many wrong pixels count as learned.' },
      figure: { type: 'boolean', default: true, description: 'Write reconstructions.png: items beside their reconstructions, wrong pixels marked.' },
    },
  },
  inputs: {
    model: { accepts: ['model'], description: 'The trained model.' },
    data: { accepts: ['dataset'], description: 'The items to reconstruct (clean).' },
  },
  output: 'report',
  run(config: PixelErrorOptions, inputs, ctx) {
    const { model } = inputs.model as ModelArtifact;
    const data = inputs.data as DatasetArtifact;
    const output = model.reconstruct(data.inputs);
    const counts = new Int32Array(output.rows);
    const { max, total } = countWrongPixels(output, data.targets, counts, config.threshold);
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
    };
    const worst = data.labels.filter((_, i) => counts[i]! > config.within);
    ctx.log(
      `${within} of ${output.rows} items within ${config.within} wrong pixel${config.within === 1 ? '' : 's'}; max ${max}` +
        (worst.length > 0 ? `; over the limit: ${worst.map((l, i) => `${l} (${wrongPixels[l]})`).join(', ')}` : ''),
    );
    const files: string[] = [];
    if (config.figure && data.imageShape) {
      files.push(ctx.writeFile(`${ctx.stageId}/reconstructions.png`, reconstructionFigure(data, output, counts, config.threshold, config.within)));
    }
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});
