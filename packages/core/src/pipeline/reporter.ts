/** Training progress handed to reporters (throttled by the engine). */
export interface Progress {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  /** Milliseconds since the stage started. */
  readonly elapsedMs: number;
  /**
   * Set on the stage's last progress when it ends before `epochs` (an early stop): delivered
   * whatever the throttle, like the progress of epoch `epochs`, so the stage's end shows it.
   */
  readonly last?: boolean;
  /** Any extra figures worth showing (e.g. wrong pixels, learning rate). */
  readonly extra?: Readonly<Record<string, number>>;
  /**
   * The training items' codes in the latent plane now, computed on demand (a live view calls it
   * every few seconds; nothing is computed when nobody asks). It runs the network in inference
   * mode and draws from no random stream, so calling it never changes the run's results.
   */
  readonly latent?: () => LatentSnapshot | undefined;
}

/** Where the training items sit in a 2-D latent plane at one moment of training. */
export interface LatentSnapshot {
  readonly epoch: number;
  /** n×2, row-major: item i at (xy[2i], xy[2i+1]). */
  readonly xy: Float64Array;
  /** One label per item (a character, a face name). */
  readonly labels: readonly string[];
}

export interface StageInfo {
  readonly id: string;
  readonly uses: string;
}

export interface StageEnd {
  readonly ms: number;
  readonly cached: boolean;
  readonly metrics?: Record<string, unknown>;
  readonly files: readonly string[];
}

/**
 * Hooks are optional: the engine's default reporter is a no-op. The CLI supplies one that
 * draws an ora spinner on a terminal and prints plain periodic lines otherwise.
 */
export interface Reporter {
  onPipelineStart?(info: { name: string; outDir: string; stages: readonly StageInfo[] }): void;
  onStageStart?(stage: StageInfo): void;
  onEpochEnd?(stage: StageInfo, progress: Progress): void;
  onStageEnd?(stage: StageInfo, end: StageEnd): void;
  onPipelineEnd?(summary: { outDir: string; ms: number; ok: boolean; interrupted?: boolean }): void;
  /** A line worth showing to the user (tables, notes). */
  onLog?(stage: StageInfo | undefined, message: string): void;
}

export const nullReporter: Reporter = Object.freeze({});
