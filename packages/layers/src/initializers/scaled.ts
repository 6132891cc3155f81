import type { Matrix, Rng } from '@sia/core';

/** Uniform or normal: the two shapes a fan-scaled initializer can draw from. */
export type Distribution = 'uniform' | 'normal';

/**
 * Fills W with zero-mean draws of standard deviation `std`: uniform on [−√3·std, √3·std)
 * (a uniform on [−a, a) has variance a²/3) or normal N(0, std²).
 */
export function fillScaled(weights: Matrix, rng: Rng, std: number, distribution: Distribution): void {
  const W = weights.data;
  if (distribution === 'normal') {
    for (let i = 0; i < W.length; i++) W[i] = std * rng.normal();
  } else {
    const a = Math.sqrt(3) * std;
    for (let i = 0; i < W.length; i++) W[i] = a * (2 * rng.uniform() - 1);
  }
}

export const DISTRIBUTION_SCHEMA: Record<string, unknown> = Object.freeze({
  type: 'string',
  enum: ['uniform', 'normal'],
  default: 'uniform',
  description: 'Draw from a uniform or a normal distribution of the same variance.',
});
