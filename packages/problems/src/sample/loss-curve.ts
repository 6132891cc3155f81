import { defineStage, type ModelArtifact } from '@sia/core';
import { chartFiles, lossChartSpec, writeFigure } from '@sia/figures';

export interface LossCurveOptions {
  logScale: boolean;
  title?: string;
}

/** `sample/loss-curve`: the training loss per epoch (every curve the trainer kept), on a log scale. */
export const lossCurvePlugin = defineStage<LossCurveOptions>({
  kind: 'sample',
  name: 'loss-curve',
  version: '0.1.0',
  description: 'The training curves per epoch (loss; for a variational model also reconstruction and KL), log scale by default, with the learning rate when the trainer kept it (loss.png, loss.svg, loss.vl.json).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      logScale: { type: 'boolean', default: true, description: 'Start on the logarithmic loss axis (the interactive chart can switch).' },
      title: { type: 'string', description: 'Title of the picture.' },
    },
  },
  inputs: { model: { accepts: ['model'], description: 'A trained model.' } },
  output: 'report',
  async run(config, inputs, ctx) {
    const { history, learningRate } = inputs.model as ModelArtifact;
    const curves = Object.entries(history).filter(([, v]) => v.length > 0);
    if (curves.length === 0) throw new Error('the model has no training history (was it loaded from a file without one?)');
    const series = curves.map(([name, values]) => ({ name, values }));
    const epochs = Math.max(...curves.map(([, v]) => v.length));
    const spec = lossChartSpec(series, {
      ...(config.title !== undefined ? { title: config.title } : {}),
      logY: config.logScale,
      epochs,
      ...(learningRate !== undefined && learningRate.length > 0 ? { learningRate } : {}),
    });
    const files = writeFigure(ctx.writeFile, `${ctx.stageId}/loss`, await chartFiles(spec));
    const metrics: Record<string, unknown> = { epochs };
    for (const [name, v] of curves) metrics[`final_${name}`] = v[v.length - 1];
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});
