import { defineComponent, type Matrix, type NoiseFn, type Rng } from '@sia/core';
import { checkLevels, levelPicker } from './levels.js';

/** Options of `noise/salt-and-pepper`. */
export interface SaltAndPepperConfig {
  /** Probability that a pixel is flipped (x → 1 − x), independently per pixel. */
  readonly p?: number;
  /** When given, each item draws its flip probability uniformly from this list (overrides `p`). */
  readonly levels?: readonly number[];
}

/**
 * Flips each pixel independently with probability p: x̃ = 1 − x (ink becomes paper and back).
 * On binary glyphs the number of flips per item is Binomial(pixels, p). No allocation.
 */
export function saltAndPepperNoise(p: number, levels?: readonly number[]): NoiseFn {
  checkLevels('noise/salt-and-pepper', [p, ...(levels ?? [])], (v) => v >= 0 && v <= 1, 'p must be in [0, 1]');
  const pick = levelPicker(p, levels);
  return (clean: Matrix, out: Matrix, rng: Rng): void => {
    const X = clean.data, Y = out.data, cols = clean.cols;
    for (let i = 0; i < clean.rows; i++) {
      const q = pick(rng);
      const end = (i + 1) * cols;
      for (let j = i * cols; j < end; j++) Y[j] = rng.uniform() < q ? 1 - X[j]! : X[j]!;
    }
  };
}

/** `noise/salt-and-pepper`: flips every pixel with probability p. */
export const saltAndPepperNoisePlugin = defineComponent<'noise', SaltAndPepperConfig>({
  kind: 'noise',
  name: 'salt-and-pepper',
  version: '0.1.0',
  level: 'p',
  description: 'Flips every pixel (x -> 1 - x) independently with probability p (fresh each epoch).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      p: { type: 'number', minimum: 0, maximum: 1, default: 0.1, description: 'Flip probability per pixel.' },
      levels: {
        type: 'array',
        items: { type: 'number', minimum: 0, maximum: 1 },
        minItems: 1,
        description: 'Train over several levels: each item draws its flip probability from this list (overrides p).',
      },
    },
  },
  create: (config: SaltAndPepperConfig): NoiseFn => saltAndPepperNoise(config.p ?? 0.1, config.levels),
});
