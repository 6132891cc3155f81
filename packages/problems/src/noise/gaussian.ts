import { defineComponent, type Matrix, type NoiseFn, type Rng } from '@sia/core';
import { checkLevels, levelPicker } from './levels.js';

/** Options of `noise/gaussian`. */
export interface GaussianNoiseConfig {
  /** Standard deviation of the added noise (> 0). */
  readonly std?: number;
  /** When given, each item draws its std uniformly from this list (overrides `std`). */
  readonly levels?: readonly number[];
  /** Clip the noisy values to [0, 1]. */
  readonly clip?: boolean;
}

/**
 * x̃ = x + σ·ε with ε ~ N(0, 1) per pixel, optionally clipped to [0, 1] (then the mean moves
 * towards the middle: a pixel at 0 has E[x̃] = σ/√(2π)). One pass over the data, no allocation.
 */
export function gaussianNoise(std: number, clip = true, levels?: readonly number[]): NoiseFn {
  checkLevels('noise/gaussian', [std, ...(levels ?? [])], (v) => Number.isFinite(v) && v > 0, 'std must be > 0');
  const pick = levelPicker(std, levels);
  let eps = new Float64Array(0); // one row's normals, drawn together (`Rng.normals`)
  return (clean: Matrix, out: Matrix, rng: Rng): void => {
    const X = clean.data, Y = out.data, cols = clean.cols;
    if (eps.length !== cols) eps = new Float64Array(cols);
    for (let i = 0; i < clean.rows; i++) {
      const s = pick(rng);
      rng.normals(eps, cols);
      for (let j = 0, at = i * cols; j < cols; j++, at++) {
        let v = X[at]! + s * eps[j]!;
        if (clip) v = v < 0 ? 0 : v > 1 ? 1 : v;
        Y[at] = v;
      }
    }
  };
}

/** `noise/gaussian`: additive gaussian noise per pixel, clipped to [0, 1] by default. */
export const gaussianNoisePlugin = defineComponent<'noise', GaussianNoiseConfig>({
  kind: 'noise',
  name: 'gaussian',
  version: '0.1.0',
  level: 'std',
  description: 'Adds N(0, std^2) to every pixel (fresh each epoch), clipped to [0, 1] by default.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      std: { type: 'number', exclusiveMinimum: 0, default: 0.2, description: 'Standard deviation of the noise.' },
      levels: {
        type: 'array',
        items: { type: 'number', exclusiveMinimum: 0 },
        minItems: 1,
        description: 'Train over several levels: each item draws its std from this list (overrides std).',
      },
      clip: { type: 'boolean', default: true, description: 'Clip the noisy pixels to [0, 1].' },
    },
  },
  create: (config: GaussianNoiseConfig): NoiseFn => gaussianNoise(config.std ?? 0.2, config.clip ?? true, config.levels),
});
