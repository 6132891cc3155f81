import type { Progress } from '@sia/core';

/** Progress this early is warm-up (JIT compilation, first allocations): not used for the rate. */
export const WARMUP_MS = 1000;
/** ...unless this share of the epochs is already done (a stage whose epochs take seconds each). */
export const WARMUP_SHARE = 0.05;
/** The rate is measured over about the last this many milliseconds. */
export const WINDOW_MS = 10_000;
/** At most this many samples are kept (progress arrives at most every 100 ms). */
const CAPACITY = 256;

/**
 * Epochs per second over a recent window, for the time left: the first epochs of a stage run
 * slower (the JIT has not compiled the kernels yet, buffers are allocated), so an average since
 * the start over-estimates what is left for a long while. Samples are the progress reports the
 * reporter receives; those before the warm-up ends (`WARMUP_MS` into the stage, or `WARMUP_SHARE`
 * of its epochs done, whichever comes first) are skipped, and the rate is taken between the oldest
 * sample of the last `WINDOW_MS` and the newest. Until two such samples are some time apart, the
 * average since the start stands in. A resumed stage starts at a later epoch: the window measures
 * only this run's epochs.
 */
export class RateWindow {
  readonly #epochs = new Float64Array(CAPACITY);
  readonly #ms = new Float64Array(CAPACITY);
  #start = 0;
  #count = 0;

  /** Forgets every sample (a new stage starts). */
  reset(): void {
    this.#start = 0;
    this.#count = 0;
  }

  /** Takes one progress report. */
  add(p: Progress): void {
    const warm = p.elapsedMs >= WARMUP_MS || p.epoch >= p.epochs * WARMUP_SHARE;
    if (!warm) return;
    // Drop samples that left the window, keeping the one just before its start as its base.
    while (this.#count >= 2 && this.#ms[(this.#start + 1) % CAPACITY]! <= p.elapsedMs - WINDOW_MS) this.#drop();
    if (this.#count === CAPACITY) this.#drop();
    const at = (this.#start + this.#count) % CAPACITY;
    this.#epochs[at] = p.epoch;
    this.#ms[at] = p.elapsedMs;
    this.#count++;
  }

  #drop(): void {
    this.#start = (this.#start + 1) % CAPACITY;
    this.#count--;
  }

  /** Epochs per second now: over the window once it spans 200 ms and an epoch, else the average since the start. */
  rate(p: Progress): number | undefined {
    if (this.#count >= 2) {
      const last = (this.#start + this.#count - 1) % CAPACITY;
      const ms = this.#ms[last]! - this.#ms[this.#start]!;
      const epochs = this.#epochs[last]! - this.#epochs[this.#start]!;
      if (ms >= 200 && epochs > 0) return epochs / (ms / 1000);
    }
    if (!(p.elapsedMs > 0) || p.epoch <= 0) return undefined;
    return p.epoch / (p.elapsedMs / 1000);
  }
}
