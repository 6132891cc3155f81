import { Matrix, defineStage, type ModelArtifact } from '@sia/core';
import { writeFigure } from '@sia/figures';
import { decodedGrid } from './decoded-grid.js';
import { imageShapeOf } from './image-shape.js';

export interface DecodePointsOptions {
  points: number[][];
  title?: string;
}

/** `sample/decode`: decodes given latent points into pictures ("new letters" at chosen codes). */
export const decodePointsPlugin = defineStage<DecodePointsOptions>({
  kind: 'sample',
  name: 'decode',
  version: '0.1.0',
  description: 'Decodes a list of given latent points into pictures (decoded.png), each labelled with its point.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['points'],
    properties: {
      points: {
        type: 'array',
        minItems: 1,
        items: { type: 'array', items: { type: 'number' }, minItems: 1 },
        description: 'Latent points to decode, e.g. [[0, 0], [1.5, -2]]; each as long as the latent.',
      },
      title: { type: 'string', description: 'Title of the picture.' },
    },
  },
  inputs: { model: { accepts: ['model'], description: 'A trained model.' } },
  output: 'report',
  run(config, inputs, ctx) {
    const model = inputs.model as ModelArtifact;
    const shape = imageShapeOf(model, 'sample/decode');
    const k = model.model.latentSize;
    const bad = config.points.findIndex((p) => p.length !== k);
    if (bad >= 0) {
      throw new Error(`point ${bad + 1} has ${config.points[bad]!.length} coordinates, but the latent has ${k}`);
    }
    const z = Matrix.from(config.points);
    const figure = decodedGrid(model.model, z, {
      shape,
      title: config.title ?? 'Decoded latent points',
      label: (i) => `(${config.points[i]!.map((v) => Number(v.toFixed(2))).join(', ')})`,
    });
    const files = writeFigure(ctx.writeFile, `${ctx.stageId}/decoded`, figure);
    const metrics = { points: config.points.length };
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});
