import { describe, expect, it } from 'vitest';
import { lossChartSpec } from '@sia/figures';
import { figureCaption, specParams } from './caption.js';

const stage = { id: 'plane', uses: 'sample/latent-scatter', description: 'The latent plane: each item encoded to a point labelled with its name (latent.png, latent.svg, latent.vl.json, codes.json).' };

describe('figure captions', () => {
  it('take the chart\'s title, say which stage drew it in words (without the file list) and repeat the subtitle', () => {
    const spec = { title: { text: 'Latent codes of the 8 items', subtitle: 'equal scales on both axes; 8 items' }, mark: 'point' };
    const c = figureCaption(stage, { base: 'plane/latent', spec });
    expect(c.title).toBe('Latent codes of the 8 items');
    expect(c.text).toBe('Stage plane (sample/latent-scatter): The latent plane: each item encoded to a point labelled with its name. Equal scales on both axes; 8 items. Hover for the values.');
  });

  it('name a picture after its file and tell how to use a loss chart, downsampling included', () => {
    expect(figureCaption({ id: 'grid', uses: 'sample/latent-grid' }, { base: 'grid/latent-grid' })).toEqual({ title: 'Latent grid', text: 'Stage grid (sample/latent-grid).' });
    const spec = lossChartSpec([{ name: 'loss', values: Array.from({ length: 5000 }, (_, i) => 1 / (i + 1)) }], { learningRate: Array.from({ length: 5000 }, () => 0.01) }) as Record<string, unknown>;
    expect([...specParams(spec)].sort()).toEqual(['hover', 'logY', 'smooth', 'zoom']);
    const c = figureCaption({ id: 'model', uses: 'train/autoencoder' }, { base: 'model/history', spec, fromHistory: true });
    expect(c.text).toMatch(/^The training curves of stage model \(train\/autoencoder\) per epoch, read from its history\.csv/);
    expect(c.text).toMatch(/5,000 epochs, drawn from [\d,]+ of them: the lowest and highest value/);
    expect(c.text).toMatch(/switch the loss axis between linear and log; the smoothing slider .* the lower panel is the learning rate/);
  });
});
