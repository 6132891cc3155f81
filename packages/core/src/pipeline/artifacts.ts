import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../rng/rng.js';

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

/**
 * A trained model as later stages see it. `encode` gives latent codes (the mean for a
 * variational model), `decode` maps codes back to outputs in [0, 1].
 */
export interface TrainedModel {
  /** The `kind/name` of the plugin that made it (used to load it back). */
  readonly trainer: string;
  readonly inputSize: number;
  readonly latentSize: number;
  encode(x: Matrix): Matrix;
  decode(z: Matrix): Matrix;
  reconstruct(x: Matrix): Matrix;
  /** Loss per epoch and any other curves (e.g. reconstruction and KL terms). */
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** Architecture as JSON (layers, activations, sizes). */
  describe(): Record<string, unknown>;
  /** Named weight tensors, for safetensors. */
  tensors(): Record<string, { shape: number[]; data: Float64Array }>;
}

export interface ModelArtifact {
  readonly type: 'model';
  readonly model: TrainedModel;
  /** The dataset it was trained on, when known (for labels and image shape). */
  readonly imageShape?: readonly [number, number];
}

/** What an evaluator hands on: its metrics (also written to metrics.json). */
export interface ReportArtifact {
  readonly type: 'report';
  readonly metrics: Record<string, unknown>;
}

export type Artifact = DatasetArtifact | ModelArtifact | ReportArtifact;
