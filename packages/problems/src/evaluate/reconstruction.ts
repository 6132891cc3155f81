import { reconstructionEvaluator } from './reconstruction-report.js';

export { absoluteError, type ReconstructionOptions } from './reconstruction-report.js';

/**
 * `evaluate/reconstruction`: every item reconstructed from its (mean) code, wrong pixels per item
 * and mean absolute error per pixel; exact reconstruction (0 wrong pixels) by default.
 */
export const reconstructionPlugin = reconstructionEvaluator(
  'reconstruction',
  'Wrong pixels per item and mean absolute error per pixel of the reconstructions from the (mean) codes, with a picture.',
  0,
);
