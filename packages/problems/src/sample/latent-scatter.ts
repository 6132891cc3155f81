import { defineStage, type DatasetArtifact, type ModelArtifact } from '@sia/core';
import { chartFiles, latentScatterSpec, writeFigure } from '@sia/figures';
import { requireLatent2 } from './image-shape.js';

export interface LatentScatterOptions {
  title?: string;
}

/** `sample/latent-scatter`: each item's latent code (the mean for a variational model) as a labelled point. */
export const latentScatterPlugin = defineStage<LatentScatterOptions>({
  kind: 'sample',
  name: 'latent-scatter',
  version: '0.1.0',
  description: 'The latent plane: each item encoded to a point labelled with its name (latent.png, latent.svg, latent.vl.json, codes.json).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { title: { type: 'string', description: 'Title of the picture (default: names the model and data).' } },
  },
  inputs: {
    model: { accepts: ['model'], description: 'A trained model with a 2-D latent.' },
    data: { accepts: ['dataset'], description: 'The items to place.' },
  },
  output: 'report',
  async run(config, inputs, ctx) {
    const model = inputs.model as ModelArtifact;
    const data = inputs.data as DatasetArtifact;
    requireLatent2(model, 'sample/latent-scatter');
    const codes = model.model.encode(data.inputs);
    const points = data.labels.map((label, i) => ({ x: codes.get(i, 0), y: codes.get(i, 1), label }));
    const chart = await chartFiles(latentScatterSpec(points, { title: config.title ?? `Latent codes of the ${points.length} items` }));
    const files = [...writeFigure(ctx.writeFile, `${ctx.stageId}/latent`, chart), ctx.writeFile(`${ctx.stageId}/codes.json`, JSON.stringify(points, null, 2) + '\n')];
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const metrics = {
      items: points.length,
      x: [Math.min(...xs), Math.max(...xs)],
      y: [Math.min(...ys), Math.max(...ys)],
    };
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});
