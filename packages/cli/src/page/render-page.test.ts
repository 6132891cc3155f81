import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexPage } from '@sia/core';
import { lossChartSpec, Raster, encodePng } from '@sia/figures';
import { afterAll, describe, expect, it } from 'vitest';
import { createPageRenderer, figureId, renderPage } from './render-page.js';

const dir = mkdtempSync(join(tmpdir(), 'sia-page-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, data: string | Uint8Array): string {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), data);
  return file;
}

const spec = lossChartSpec([{ name: 'loss', values: [0.9, 0.5, 0.3] }], { title: 'Training curves over 3 epochs' });
const files = {
  history: write('model/history.csv', 'epoch,loss\r\n1,0.9\r\n2,0.5\r\n3,0.3\r\n'),
  model: write('model/model.json', '{}'),
  lossPng: write('loss/loss.png', encodePng(new Raster(100, 60))),
  lossSpec: write('loss/loss.vl.json', JSON.stringify(spec)),
  gridPng: write('grid/grid.png', encodePng(new Raster(320, 200))),
  gridSvg: write('grid/grid.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>'),
};

const page: IndexPage = {
  name: 'tiny',
  seed: 1,
  date: '2026-01-01T00:00:00.000Z',
  file: 'tiny.yaml',
  status: 'done',
  versions: { 'train/autoencoder': '0.1.0' },
  resolvedYaml: 'name: tiny\nstages: {}\n',
  stages: [
    { id: 'model', uses: 'train/autoencoder', status: 'done', ms: 1200, metrics: { finalLoss: 0.3 }, files: [files.history, files.model] },
    { id: 'grid', uses: 'sample/latent-grid', inputs: { model: 'model' }, status: 'done', files: [files.gridPng, files.gridSvg] },
    { id: 'loss', uses: 'sample/loss-curve', inputs: { model: 'model' }, status: 'done', files: [files.lossPng, files.lossSpec] },
  ],
};

describe('the interactive index.html', () => {
  const html = renderPage(page, dir);

  it('is one file: the libraries and every spec inline, nothing fetched', () => {
    expect(html.match(/<script data-lib=/g)).toHaveLength(3);
    const specs = JSON.parse(html.match(/<script type="application\/json" id="sia-specs">([^]*?)<\/script>/)![1]!) as Record<string, unknown>;
    // The loss-curve stage draws the model, so its history.csv gets no second chart.
    expect(Object.keys(specs)).toEqual([figureId('loss', 'loss/loss')]);
    expect(specs[figureId('loss', 'loss/loss')]).toEqual(spec);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('shows figures first (the training curves leading), then the metrics, then the resolved pipeline folded', () => {
    const at = (s: string): number => html.indexOf(s);
    expect(at('<h2>Figures</h2>')).toBeLessThan(at(`id="${figureId('loss', 'loss/loss')}"`));
    expect(at(`id="${figureId('loss', 'loss/loss')}"`)).toBeLessThan(at(`id="${figureId('grid', 'grid/grid')}"`));
    expect(at(`id="${figureId('grid', 'grid/grid')}"`)).toBeLessThan(at('<h2>Metrics</h2>'));
    expect(at('<h2>Metrics</h2>')).toBeLessThan(at('<details class="resolved">'));
    expect(html).toContain('<th>finalLoss</th><td>0.3</td>');
    expect(html).toContain('model/model.json');
  });

  it('shows a mosaic as its 2x PNG at half size, and a chart\'s PNG only until the chart draws', () => {
    expect(html).toContain('<img src="grid/grid.png" class="picture" width="160" height="100"');
    expect(html).toContain('<img src="loss/loss.png" class="fallback" width="50" height="30"');
  });

  it('charts a training stage\'s history.csv when no loss-curve stage draws it', () => {
    const alone = renderPage({ ...page, stages: page.stages.slice(0, 2) }, dir);
    expect(alone).toContain(`id="${figureId('model', 'model/history')}"`);
    expect(alone).toContain('Training curves of model over 3 epochs');
  });

  it('the renderer the runner gets falls back to the plain page, saying why, rather than fail the run', () => {
    // A record that cannot be read whole (core's plain page never asks for its inputs).
    const record = Object.defineProperty({ ...page.stages[1]! }, 'inputs', { get: () => { throw new Error('unreadable inputs'); } });
    const out = createPageRenderer()({ ...page, stages: [record] }, dir);
    expect(out).toContain('The interactive report could not be made (unreadable inputs); this is the plain one.');
    expect(out).toContain('<img src="grid/grid.png"');
  });
});
