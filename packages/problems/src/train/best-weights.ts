import type { Param } from '@sia/core';

/**
 * Keeps a copy of the best parameters seen during training, by a score compared
 * lexicographically (lower is better: e.g. [max wrong pixels, total wrong pixels, loss]).
 * The copies are allocated once; `offer` copies only on improvement.
 */
export class BestWeights {
  private readonly copiesList: Float64Array[];
  private score: number[] | undefined;
  epoch = 0;

  constructor(private readonly params: readonly Param[]) {
    this.copiesList = params.map((p) => new Float64Array(p.value.length));
  }

  /** Records the current parameters if `score` beats the best so far; returns whether it did. */
  offer(score: readonly number[], epoch: number): boolean {
    if (this.score !== undefined && !lexLess(score, this.score)) return false;
    this.score = [...score];
    this.epoch = epoch;
    this.params.forEach((p, i) => this.copiesList[i]!.set(p.value));
    return true;
  }

  get best(): readonly number[] | undefined {
    return this.score;
  }

  /** The kept copies, in the order of the params (for a checkpoint). */
  get copies(): readonly Float64Array[] {
    return this.copiesList;
  }

  /** Takes over a checkpoint's best: its score, epoch and copies (same lengths as the params). */
  load(score: readonly number[], epoch: number, copies: readonly Float64Array[]): void {
    this.score = [...score];
    this.epoch = epoch;
    copies.forEach((c, i) => this.copiesList[i]!.set(c));
  }

  /** Writes the best parameters back into the model. */
  restore(): void {
    if (this.score === undefined) return;
    this.params.forEach((p, i) => p.value.set(this.copiesList[i]!));
  }
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return true;
    if (a[i]! > b[i]!) return false;
  }
  return false;
}
