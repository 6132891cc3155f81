import { reconstructionEvaluator } from './reconstruction-report.js';

export type { ReconstructionOptions as PixelErrorOptions } from './reconstruction-report.js';

/**
 * `evaluate/pixel-error`: outputs thresholded at 0.5, wrong pixels per item (metrics
 * `maxWrongPixels`, `wrongPixels` label -> count), items within 1 wrong pixel by default.
 */
export const pixelErrorPlugin = reconstructionEvaluator(
  'pixel-error',
  'Wrong pixels per item of the reconstructions (output > threshold is ink), with a picture of them.',
  1,
);
