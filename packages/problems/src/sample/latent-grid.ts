import { defineStage, type DatasetArtifact, type ModelArtifact } from '@sia/core';
import { latentGridFigure, mosaicFiles, writeFigure } from '@sia/figures';
import { latentGridCodes } from './latent-grid-codes.js';
import { imageShapeOf, requireLatent2 } from './image-shape.js';

export interface LatentGridOptions {
  partitions: number;
  x?: [number, number];
  y?: [number, number];
  title?: string;
}

const range = (description: string) => ({
  type: 'array',
  items: { type: 'number' },
  minItems: 2,
  maxItems: 2,
  description,
});

/**
 * The window: as given, or (with a `data` input) the items' codes' bounding box with a 10% margin,
 * or [-4, 4] (the prior's range for a variational model).
 */
function windowOf(config: LatentGridOptions, codes: { xs: number[]; ys: number[] } | undefined): { x: [number, number]; y: [number, number] } {
  const around = (v: number[]): [number, number] => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = Math.max(1e-3, (hi - lo) * 0.1);
    return [lo - pad, hi + pad];
  };
  return {
    x: config.x ?? (codes ? around(codes.xs) : [-4, 4]),
    y: config.y ?? (codes ? around(codes.ys) : [-4, 4]),
  };
}

/** `sample/latent-grid`: decodes the centres of a partitions x partitions grid over a window of the latent plane. */
export const latentGridPlugin = defineStage<LatentGridOptions>({
  kind: 'sample',
  name: 'latent-grid',
  version: '0.1.0',
  description: 'New items: the decoded centres of a partitions x partitions grid over a window of the latent plane (grid.png, grid.svg).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      partitions: { type: 'integer', minimum: 1, maximum: 64, default: 8, description: 'Cells per side.' },
      x: range('[min, max] of z1 (default: around the data codes, else [-4, 4]).'),
      y: range('[min, max] of z2 (default: around the data codes, else [-4, 4]).'),
      title: { type: 'string', description: 'Title of the picture.' },
    },
  },
  inputs: {
    model: { accepts: ['model'], description: 'A trained model with a 2-D latent.' },
    data: { accepts: ['dataset'], optional: true, description: 'Items whose codes set the default window.' },
  },
  output: 'report',
  run(config, inputs, ctx) {
    const model = inputs.model as ModelArtifact;
    requireLatent2(model, 'sample/latent-grid');
    const shape = imageShapeOf(model, 'sample/latent-grid');
    let codes: { xs: number[]; ys: number[] } | undefined;
    const data = inputs.data as DatasetArtifact | undefined;
    if (data) {
      const z = model.model.encode(data.inputs);
      codes = { xs: [], ys: [] };
      for (let i = 0; i < z.rows; i++) {
        codes.xs.push(z.get(i, 0));
        codes.ys.push(z.get(i, 1));
      }
    }
    const { x, y } = windowOf(config, codes);
    const window = { partitions: config.partitions, x, y };
    const images = model.model.decode(latentGridCodes(window));
    const title = config.title ?? `Decoded ${config.partitions}x${config.partitions} grid over z1 in [${fmt(x)}], z2 in [${fmt(y)}]`;
    const files = writeFigure(ctx.writeFile, `${ctx.stageId}/grid`, mosaicFiles(latentGridFigure(images, { ...window, shape, title })));
    const metrics = { partitions: config.partitions, x, y };
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});

function fmt(r: readonly [number, number]): string {
  return r.map((v) => Number(v.toFixed(2))).join(', ');
}
