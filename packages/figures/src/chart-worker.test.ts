import { describe, expect, it } from 'vitest';
import { chartWorker, startChartWorker } from './chart-worker.js';
import { lossChartSpec } from './loss-chart.js';
import { renderChart, renderChartHere } from './render.js';

const spec = lossChartSpec(
  [{ name: 'loss', values: Array.from({ length: 300 }, (_, i) => 1 / (1 + i)) }],
  { title: 'a loss' },
);

describe('the chart worker', () => {
  it('draws a chart with the very bytes of drawing it here, then hands drawing back on close', async () => {
    const here = await renderChartHere(spec);
    const worker = startChartWorker();
    try {
      expect(chartWorker()).toBe(worker);
      expect(startChartWorker()).toBe(worker); // idempotent
      const there = await worker.render(spec);
      expect(there).toBeDefined();
      expect(there!.svg).toBe(here.svg);
      expect(Buffer.from(there!.png).equals(Buffer.from(here.png))).toBe(true);
      // renderChart goes through it while it runs
      const via = await renderChart(spec);
      expect(via.svg).toBe(here.svg);
    } finally {
      worker.close();
    }
    expect(chartWorker()).toBeUndefined();
    expect(await worker.render(spec)).toBeUndefined(); // closed: the caller draws it itself
    expect((await renderChart(spec)).svg).toBe(here.svg);
  });
});
