import { Matrix, defineStage, type ModelArtifact } from '@sia/core';
import { writeFigure } from '@sia/figures';
import { decodedGrid } from './decoded-grid.js';
import { imageShapeOf } from './image-shape.js';

export interface PriorOptions {
  count: number;
  columns?: number;
  title?: string;
}

/** `sample/prior`: new items from a variational model: z ~ N(0, I) from the stage's stream, decoded. */
export const priorPlugin = defineStage<PriorOptions>({
  kind: 'sample',
  name: 'prior',
  version: '0.1.0',
  description: "Decodes count draws z ~ N(0, I) from the stage's seeded stream (prior.png, codes in the metrics).",
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      count: { type: 'integer', minimum: 1, maximum: 256, default: 16, description: 'Draws from the prior.' },
      columns: { type: 'integer', minimum: 1, description: 'Pictures per row (default 8).' },
      title: { type: 'string', description: 'Title of the picture.' },
    },
  },
  inputs: { model: { accepts: ['model'], description: 'A trained (variational) model.' } },
  output: 'report',
  run(config, inputs, ctx) {
    const model = inputs.model as ModelArtifact;
    const shape = imageShapeOf(model, 'sample/prior');
    const k = model.model.latentSize;
    const rng = ctx.rng.fork('prior');
    const z = new Matrix(config.count, k);
    rng.normals(z.data, z.data.length);
    const figure = decodedGrid(model.model, z, {
      shape,
      columns: config.columns ?? Math.min(8, config.count),
      title: config.title ?? `${config.count} draws from the prior N(0, I), decoded`,
      label: (i) => `(${Array.from(z.row(i), (v) => v.toFixed(1)).join(', ')})`,
    });
    const files = writeFigure(ctx.writeFile, `${ctx.stageId}/prior`, figure);
    const metrics = { count: config.count, codes: z.toArrays().map((r) => r.map((v) => Number(v.toFixed(4)))) };
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});
