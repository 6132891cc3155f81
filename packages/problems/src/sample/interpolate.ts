import { Matrix, defineStage, type DatasetArtifact, type ModelArtifact } from '@sia/core';
import { DataError } from '../images/data-error.js';
import { writeFigure } from '@sia/figures';
import { decodedGrid } from './decoded-grid.js';
import { imageShapeOf } from './image-shape.js';

export interface InterpolateOptions {
  from: string;
  to: string;
  steps: number;
  title?: string;
}

/**
 * The straight line between two codes, `steps` points including both ends:
 * z_k = (1 − t_k)·a + t_k·b with t_k = k / (steps − 1).
 */
export function lineCodes(a: ArrayLike<number>, b: ArrayLike<number>, steps: number): Matrix {
  const k = a.length;
  const out = new Matrix(steps, k);
  for (let s = 0; s < steps; s++) {
    const t = steps === 1 ? 0 : s / (steps - 1);
    for (let j = 0; j < k; j++) out.set(s, j, (1 - t) * a[j]! + t * b[j]!);
  }
  return out;
}

/** `sample/interpolate`: decodes the straight line between the (mean) codes of two named items. */
export const interpolatePlugin = defineStage<InterpolateOptions>({
  kind: 'sample',
  name: 'interpolate',
  version: '0.1.0',
  description: 'Decodes the straight line between the codes (means) of two named items, as a strip (interpolation.png).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'to'],
    properties: {
      from: { type: 'string', minLength: 1, description: 'Label of the item at the start.' },
      to: { type: 'string', minLength: 1, description: 'Label of the item at the end.' },
      steps: { type: 'integer', minimum: 2, maximum: 64, default: 8, description: 'Pictures in the strip, both ends included.' },
      title: { type: 'string', description: 'Title of the picture.' },
    },
  },
  inputs: {
    model: { accepts: ['model'], description: 'A trained model.' },
    data: { accepts: ['dataset'], description: 'The items the two labels name.' },
  },
  output: 'report',
  run(config, inputs, ctx) {
    const model = inputs.model as ModelArtifact;
    const data = inputs.data as DatasetArtifact;
    const shape = imageShapeOf(model, 'sample/interpolate');
    const index = (label: string): number => {
      const i = data.labels.indexOf(label);
      if (i < 0) throw new DataError(`sample/interpolate: no item labelled '${label}' (known: ${data.labels.join(', ')})`);
      return i;
    };
    const ends = new Matrix(2, data.inputs.cols);
    ends.row(0).set(data.inputs.row(index(config.from)));
    ends.row(1).set(data.inputs.row(index(config.to)));
    const codes = model.model.encode(ends);
    const line = lineCodes(codes.row(0), codes.row(1), config.steps);
    const last = config.steps - 1;
    const figure = decodedGrid(model.model, line, {
      shape,
      columns: config.steps,
      title: config.title ?? `From ${config.from} to ${config.to} in ${config.steps} steps`,
      label: (s) => (s === 0 ? config.from : s === last ? config.to : `t=${(s / last).toFixed(2)}`),
    });
    const files = writeFigure(ctx.writeFile, `${ctx.stageId}/interpolation`, figure);
    const metrics = { from: config.from, to: config.to, steps: config.steps, fromCode: Array.from(codes.row(0)), toCode: Array.from(codes.row(1)) };
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});
