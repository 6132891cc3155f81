import type { Param } from '@sia/core';

/**
 * Keeps a copy of the best parameters seen during training, by a score compared
 * lexicographically (lower is better: e.g. [max wrong pixels, total wrong pixels, loss]).
 * The copies are allocated once; `offer` copies only on improvement.
 */
export class BestWeights {
  private readonly copies: Float64Array[];
  private score: number[] | undefined;
  epoch = 0;

  constructor(private readonly params: readonly Param[]) {
    this.copies = params.map((p) => new Float64Array(p.value.length));
  }

  /** Records the current parameters if `score` beats the best so far; returns whether it did. */
  offer(score: readonly number[], epoch: number): boolean {
    if (this.score !== undefined && !lexLess(score, this.score)) return false;
    this.score = [...score];
    this.epoch = epoch;
    this.params.forEach((p, i) => this.copies[i]!.set(p.value));
    return true;
  }

  get best(): readonly number[] | undefined {
    return this.score;
  }

  /** Writes the best parameters back into the model. */
  restore(): void {
    if (this.score === undefined) return;
    this.params.forEach((p, i) => p.value.set(this.copies[i]!));
  }
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return true;
    if (a[i]! > b[i]!) return false;
  }
  return false;
}
