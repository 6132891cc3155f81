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
  /**
   * Everything the next steps depend on, for a checkpoint: velocities, moments, step counts, the
   * rate. A rule without it cannot be resumed exactly (a trainer then writes no checkpoints).
   */
  saveState?(params: readonly Param[]): OptimizerState;
  /** Continues from a `saveState` of the same rule over the same params. Throws on a mismatch. */
  loadState?(params: readonly Param[], state: OptimizerState): void;
}

/**
 * An optimizer's state: named numbers (the rate, step counts) and named arrays (per param, keyed
 * by the param's name: `encoder.0.weight/m`). Numbers must be finite.
 */
export interface OptimizerState {
  readonly numbers: Readonly<Record<string, number>>;
  readonly arrays: Readonly<Record<string, Float64Array | Float32Array>>;
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
