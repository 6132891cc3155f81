import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../rng/rng.js';
import type { Model } from '../model/model.js';

/** The kinds of values that flow between stages. A stage input names the types it accepts. */
export type ArtifactType = 'dataset' | 'model' | 'report';

/**
 * Corrupts a batch: writes a noisy copy of `clean` into `out` (same shape), drawing from `rng`.
 * Attached to a dataset by a noise stage so that training draws fresh noise every epoch.
 */
export type NoiseFn = (clean: Matrix, out: Matrix, rng: Rng) => void;

export interface DatasetArtifact {
  readonly type: 'dataset';
  /** One item per row, values in [0, 1]. */
  readonly inputs: Matrix;
  /** The clean targets (same as `inputs` for a plain dataset). */
  readonly targets: Matrix;
  /** One label per row (a character, a face name, a file name). */
  readonly labels: readonly string[];
  /** Height and width when items are images (row-major pixels). */
  readonly imageShape?: readonly [number, number];
  /** Present when a noise stage sits upstream: training corrupts inputs afresh each epoch. */
  readonly noise?: { readonly name: string; readonly config: unknown; readonly apply: NoiseFn };
}

/** A trained model as it flows between stages: the network, and what training recorded. */
export interface ModelArtifact {
  readonly type: 'model';
  readonly model: Model;
  /** Loss per epoch and the objective's terms (e.g. `reconstruction`, `kl`) per epoch. */
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** The learning rate each epoch trained with, when a schedule changed it (absent for a constant rate). */
  readonly learningRate?: readonly number[];
  /** Height and width of the items it was trained on, when they are images. */
  readonly imageShape?: readonly [number, number];
}

/** What an evaluator hands on: its metrics (also written to metrics.json). */
export interface ReportArtifact {
  readonly type: 'report';
  readonly metrics: Record<string, unknown>;
}

export type Artifact = DatasetArtifact | ModelArtifact | ReportArtifact;
