import type { Plugin } from '@sia/core';
import { fontPlugin } from './datasets/font.js';
import { emojiPlugin } from './datasets/emoji.js';
import { imagesPlugin } from './datasets/images.js';
import { repeatPlugin } from './datasets/repeat.js';
import { autoencoderPlugin } from './train/autoencoder.js';
import { loadModelPlugin } from './model/load.js';
import { pixelErrorPlugin } from './evaluate/pixel-error.js';
import { latentScatterPlugin } from './sample/latent-scatter.js';
import { latentGridPlugin } from './sample/latent-grid.js';
import { decodePointsPlugin } from './sample/decode-points.js';
import { lossCurvePlugin } from './sample/loss-curve.js';
import { gaussianNoisePlugin } from './noise/gaussian.js';
import { saltAndPepperNoisePlugin } from './noise/salt-and-pepper.js';
import { mixtureNoisePlugin } from './noise/mixture.js';
import { decodableNoisePlugin } from './noise/decodable.js';
import { noiseSweepPlugin } from './evaluate/noise-sweep.js';
import { variationalTrainerPlugin } from './train/variational.js';
import { conventionalPlugin } from './problems/conventional.js';
import { denoisingPlugin } from './problems/denoising.js';
import { variationalPlugin } from './problems/variational.js';
import { reconstructionPlugin } from './evaluate/reconstruction.js';
import { interpolatePlugin } from './sample/interpolate.js';
import { priorPlugin } from './sample/prior.js';

/** Every plugin of @sia/problems, registered through the same API a third party uses. */
export const problemsPlugins: readonly Plugin[] = Object.freeze([
  fontPlugin,
  emojiPlugin,
  imagesPlugin,
  repeatPlugin,
  autoencoderPlugin,
  loadModelPlugin,
  pixelErrorPlugin,
  latentScatterPlugin,
  latentGridPlugin,
  decodePointsPlugin,
  lossCurvePlugin,
  gaussianNoisePlugin,
  saltAndPepperNoisePlugin,
  mixtureNoisePlugin,
  decodableNoisePlugin,
  noiseSweepPlugin,
  variationalTrainerPlugin,
  conventionalPlugin,
  denoisingPlugin,
  variationalPlugin,
  reconstructionPlugin,
  interpolatePlugin,
  priorPlugin,
]);
