/**
 * A seeded pseudo-random stream. Every stage of a pipeline gets its own stream,
 * derived from (pipeline seed, stage id), so adding a stage never changes the
 * numbers another stage draws. Implemented in `xoshiro.ts`.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** The next `n` standard normals into out[0, n): the numbers n calls of `normal` give, faster. */
  normals(out: Float64Array | Float32Array, n: number): void;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher-Yates shuffle in place. */
  shuffle(a: Int32Array | number[]): void;
  /** An independent child stream named by `label` (same label => same stream). */
  fork(label: string): Rng;
}
