import { describe, expect, it } from 'vitest';
import { formatProgress, timeLeftMs } from './format.js';
import { RateWindow } from './rate-window.js';

/** Progress reports of a stage: `at(ms)` -> epochs done by then. */
function feed(window: RateWindow, epochs: number, times: readonly number[], at: (ms: number) => number) {
  let last = { epoch: 0, epochs, loss: 1, elapsedMs: 0 };
  for (const ms of times) {
    last = { epoch: at(ms), epochs, loss: 1, elapsedMs: ms };
    window.add(last);
  }
  return last;
}

const every = (stepMs: number, untilMs: number): number[] => Array.from({ length: Math.floor(untilMs / stepMs) }, (_, i) => (i + 1) * stepMs);

describe('RateWindow', () => {
  it('skips the warm-up: 10 epochs in the first second, then 100 epochs/s', () => {
    // epochs(t) = 10 t for t <= 1 s, then 10 + 100 (t - 1).
    const at = (ms: number): number => (ms <= 1000 ? Math.round(ms / 100) : 10 + Math.round((ms - 1000) / 10));
    const w = new RateWindow();
    const p = feed(w, 10_000, every(100, 3000), at);
    // At 3 s: 210 epochs. The average since the start says 70/s (ETA 140 s); the window, 100/s.
    expect(p.epoch).toBe(210);
    expect(w.rate(p)).toBeCloseTo(100, 9);
    expect(timeLeftMs(p, w.rate(p))).toBeCloseTo(97_900, 6);
    expect(timeLeftMs(p)).toBeCloseTo((9790 / 70) * 1000, 6);
    expect(formatProgress(p, w.rate(p))).toBe('epoch 210/10000  loss 1  100 epochs/s  ETA 1m38s');
  });

  it('follows a change of pace within the window (about 10 s), not the average since the start', () => {
    // 50 epochs/s for 20 s, then 200 epochs/s for 20 s.
    const at = (ms: number): number => (ms <= 20_000 ? ms / 20 : 1000 + (ms - 20_000) / 5);
    const w = new RateWindow();
    const p = feed(w, 100_000, every(100, 40_000), at);
    expect(w.rate(p)).toBeCloseTo(200, 6);
  });

  it('stands in the average since the start until two warm samples are 200 ms apart, and forgets on reset', () => {
    const w = new RateWindow();
    // 40 epochs in the first 400 ms of 1000: still warm-up (under 1 s and under 5 % of the epochs).
    const early = feed(w, 1000, [100, 200, 300, 400], (ms) => ms / 10);
    expect(w.rate(early)).toBeCloseTo(100, 9);
    // 5 % of a 100-epoch stage is 5 epochs: a slow stage is warm after 5 epochs.
    w.reset();
    const slow = feed(w, 100, [2000, 4000, 6000, 8000, 10_000, 12_000, 14_000], (ms) => ms / 2000);
    // Samples from epoch 5 (10 s) on: 2 epochs in 4 s.
    expect(w.rate(slow)).toBeCloseTo(0.5, 9);
  });

  it('a resumed stage (starting at a later epoch) is measured on its own epochs', () => {
    const w = new RateWindow();
    const p = feed(w, 1000, every(100, 3000), (ms) => 500 + ms / 20);
    expect(w.rate(p)).toBeCloseTo(50, 9);
  });
});

describe('formatProgress of an early stop', () => {
  it('has no time left once the stage stopped (last), whatever epochs remained', () => {
    expect(formatProgress({ epoch: 49, epochs: 2000, loss: 0.075, elapsedMs: 490, last: true })).toBe('epoch 49/2000  loss 0.075  100 epochs/s  ETA 0 ms');
  });
});
