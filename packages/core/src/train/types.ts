import type { Param } from '../nn/types.js';

/** One update rule. State (velocities, moments) is kept per param, allocated on first use. */
export interface Optimizer {
  readonly name: string;
  step(params: readonly Param[]): void;
  /** The learning rate the next `step` uses, for rules that have one. */
  readonly rate?: number;
  /**
   * Sets the learning rate for the following steps, keeping all other state (moments,
   * velocities, step counts). Optional; a learning-rate schedule calls it between epochs.
   */
  setRate?(rate: number): void;
}

/**
 * A batching strategy (online, batch, mini-batch), composed with any optimizer.
 * For a dataset of n items, each epoch is cut into batches of `batchSize(n)` items,
 * reshuffled every epoch from the stage's stream when `shuffle` is true.
 */
export interface Updater {
  readonly name: string;
  batchSize(n: number): number;
  readonly shuffle: boolean;
}
