import { describe, it, expect } from 'vitest';
import { arenaMatrix, createComponents, createRng, saveStreams, type ComponentPlugin, type Matrix, type NoiseFn, type Rng } from '@sia/core';
import { fontDataset } from '../datasets/font.js';
import { repeatDataset } from '../datasets/repeat.js';
import { aheadNoise } from './ahead.js';
import { AHEAD_PLUGINS } from './ahead-worker.js';

// dae-letters' noise: decodable copies of a gaussian / salt-and-pepper mixture, thinned by margin.
const config = {
  noise: {
    type: 'mixture',
    weights: [1, 2],
    components: [
      { type: 'gaussian', levels: [0.3, 0.4, 0.5, 0.6] },
      { type: 'salt-and-pepper', levels: [0.1, 0.15, 0.2, 0.25, 0.3] },
    ],
  },
  tries: 20,
  focus: { margin: 3, keep: 0.1 },
};
const components = createComponents(AHEAD_PLUGINS);
const make = (): NoiseFn => components.create('noise', { type: 'decodable', ...config });
const registered = (kind: 'noise', name: string): ComponentPlugin | undefined => components.plugin!(kind, name);
const clean = repeatDataset(fontDataset(), 3).inputs;

/**
 * Epochs of `noise` from `rng`, each copy and the stream's position after it kept; `between`
 * runs after each epoch (another draw from the stream, say). Stops `after` epochs once `ready()`.
 */
function epochs(noise: NoiseFn, rng: Rng, ready: () => boolean, after: number, between?: (e: number) => void): { copies: number[][]; positions: string[] } {
  const out: Matrix = arenaMatrix(clean.rows, clean.cols, 'float64');
  const copies: number[][] = [], positions: string[] = [];
  const until = performance.now() + 20_000;
  let left = after;
  for (let e = 0; left > 0 && performance.now() < until; e++) {
    noise(clean, out, rng);
    copies.push(Array.from(out.data));
    positions.push(JSON.stringify(saveStreams(rng)));
    between?.(e);
    if (ready()) left--;
  }
  return { copies, positions };
}

/** The same epochs drawn on this thread only. */
function reference(count: number, between?: (rng: Rng, e: number) => void): { copies: number[][]; positions: string[] } {
  const rng = createRng(5, 'training'), noise = make();
  return epochs(noise, rng, () => true, count, between && ((e) => between(rng, e)));
}

describe('aheadNoise', () => {
  it('hands the worker the stream and gets the very copies and stream positions this thread would draw', () => {
    const ahead = aheadNoise(make(), 'decodable', config, registered);
    try {
      const rng = createRng(5, 'training');
      const got = epochs(ahead.apply, rng, () => ahead.fromWorker > 0, 300);
      expect(ahead.fromWorker).toBeGreaterThanOrEqual(300); // every epoch after the take-over came from the worker
      const want = reference(got.copies.length);
      expect(got.copies.length).toBe(want.copies.length);
      for (let e = 0; e < want.copies.length; e++) {
        expect(got.copies[e]).toEqual(want.copies[e]);
        expect(got.positions[e]).toBe(want.positions[e]);
      }
    } finally {
      ahead.close();
    }
  });

  it('draws on this thread again, with the same bits, once something else draws from the stream', () => {
    const ahead = aheadNoise(make(), 'decodable', config, registered);
    try {
      const rng = createRng(5, 'training');
      let stirredAt = -1;
      // 20 epochs after the take-over, one extra draw from the stream (as a shuffle would make)
      const stir = (e: number): void => {
        if (stirredAt < 0 && ahead.fromWorker === 20) {
          stirredAt = e;
          rng.uniform();
        }
      };
      const got = epochs(ahead.apply, rng, () => stirredAt >= 0, 50, stir);
      expect(stirredAt).toBeGreaterThan(0);
      expect(ahead.fromWorker).toBe(20); // the worker's copies stop at the stir
      const want = reference(got.copies.length, (r, e) => {
        if (e === stirredAt) r.uniform();
      });
      expect(got.copies).toEqual(want.copies);
      expect(got.positions).toEqual(want.positions);
    } finally {
      ahead.close();
    }
  });

  it('keeps a noise the run registered from elsewhere on this thread', () => {
    // The run's 'noise/gaussian' is another plugin than the worker's: the worker may not take over.
    const other = { ...AHEAD_PLUGINS[0]! } as ComponentPlugin;
    const ahead = aheadNoise(make(), 'decodable', config, (kind, name) => (name === 'gaussian' ? other : registered(kind, name)));
    try {
      const rng = createRng(5, 'training');
      const out = arenaMatrix(clean.rows, clean.cols, 'float64');
      const want = reference(1);
      const until = performance.now() + 3000;
      let e = 0;
      // long enough for the worker to boot and report
      while (performance.now() < until) {
        ahead.apply(clean, out, rng);
        if (e++ === 0) expect(Array.from(out.data)).toEqual(want.copies[0]);
      }
      expect(ahead.fromWorker).toBe(0);
    } finally {
      ahead.close();
    }
  });
});
