import { describe, expect, it } from 'vitest';
import { LiveState, MAX_POINTS, type LiveSnapshot } from './live-state.js';

const stage = { id: 'model', uses: 'train/autoencoder' };

describe('LiveState', () => {
  it('computes nothing while no page watches', () => {
    let asked = 0;
    const emitted: LiveSnapshot[] = [];
    const s = new LiveState({ emit: (x) => emitted.push(x), watched: () => false });
    s.onPipelineStart({ name: 'p', outDir: '/o', stages: [stage] });
    s.onEpochEnd(stage, { epoch: 1, epochs: 2, loss: 1, elapsedMs: 1, latent: () => (asked++, undefined) });
    expect(asked).toBe(0);
    expect(emitted).toEqual([]);
  });

  it('throttles snapshots, asks for the plane at most every latentMs, keeps at most MAX_POINTS', () => {
    let t = 0;
    let asked = 0;
    const emitted: LiveSnapshot[] = [];
    const s = new LiveState({ emit: (x) => emitted.push(x), watched: () => true, now: () => t, emitMs: 1000, latentMs: 2000 });
    s.onPipelineStart({ name: 'p', outDir: '/o', stages: [stage] });
    s.onStageStart(stage);
    const latent = () => (asked++, { epoch: 1, xy: new Float64Array([1, 2, 3, 4]), labels: ['a', 'b'] });
    const n = 10_000;
    for (let e = 1; e <= n; e++) {
      t = e * 10; // 10 ms an epoch: 100 s in all
      s.onEpochEnd(stage, { epoch: e, epochs: n, loss: 1 / e, elapsedMs: t, latent });
    }
    // One snapshot a second (100) plus the start ones and the last epoch's; the plane every 2 s.
    expect(emitted.length).toBeGreaterThanOrEqual(100);
    expect(emitted.length).toBeLessThanOrEqual(104);
    expect(asked).toBeGreaterThanOrEqual(50);
    expect(asked).toBeLessThanOrEqual(52);
    const last = emitted.at(-1)!;
    const points = last.loss.model!;
    expect(points.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(points.length).toBeGreaterThan(MAX_POINTS / 4);
    expect(points[0]).toEqual([1, 1]);
    expect(last.latent?.points).toEqual([[1, 2, 'a'], [3, 4, 'b']]);
    expect(last.stages[0]).toMatchObject({ status: 'running', epoch: n, epochs: n });
  });
});
