/**
 * @sia/problems: datasets, noise, the autoencoder problems (train stages), evaluators and
 * samplers; the figures they draw come from @sia/figures.
 */
export { problemsPlugins } from './plugins.js';
export { fontDataset, fontPlugin, glyphPixels } from './datasets/font.js';
export { FONT_5X7 } from './datasets/font5x7.js';
export { emojiDataset, emojiPlugin } from './datasets/emoji.js';
export { parseEmojiFaces, loadEmojiFaces, emojiFile, EMOJI_SHAPE } from './datasets/emoji-data.js';
export { imagesPlugin, loadImageFolder } from './datasets/images.js';
export { repeatPlugin, repeatDataset } from './datasets/repeat.js';
export { autoencoderPlugin } from './train/autoencoder.js';
export { variationalTrainerPlugin } from './train/variational.js';
export { trainerPlugin } from './train/trainer-plugin.js';
export { trainModel, checkTrainOptions } from './train/train-model.js';
export type { TrainResult } from './train/train-model.js';
export { trainOptionsSchema, architectureOf, datasetItemShape } from './train/train-options.js';
export type { TrainOptions, TrainDefaults } from './train/train-options.js';
export { conventionalPlugin, conventionalProblem } from './problems/conventional.js';
export { denoisingPlugin } from './problems/denoising.js';
export type { DenoisingConfig } from './problems/denoising.js';
export { variationalPlugin, variationalCode } from './problems/variational.js';
export type { VariationalConfig } from './problems/variational.js';
export { klWeight } from './problems/warmup.js';
export { loadModelPlugin } from './model/load.js';
export { saveModel, readModel, checkModelFolder } from './model/model-files.js';
export { modelCodec, writeModelToRun } from './model/model-codec.js';
export { pixelErrorPlugin } from './evaluate/pixel-error.js';
export { countWrongPixels } from './evaluate/wrong-pixels.js';
export { latentScatterPlugin } from './sample/latent-scatter.js';
export { latentGridPlugin } from './sample/latent-grid.js';
export { decodePointsPlugin } from './sample/decode-points.js';
export { lossCurvePlugin } from './sample/loss-curve.js';
export { gaussianNoisePlugin, gaussianNoise, type GaussianNoiseConfig } from './noise/gaussian.js';
export { saltAndPepperNoisePlugin, saltAndPepperNoise, type SaltAndPepperConfig } from './noise/salt-and-pepper.js';
export { mixtureNoisePlugin, mixtureNoise, type MixtureNoiseConfig } from './noise/mixture.js';
export { decodableNoisePlugin, decodableNoise, type DecodableNoiseConfig, type DecodableFocus } from './noise/decodable.js';
export { distinctItems, marginOf, type MarginFn } from './noise/margins.js';
export { noiseSweepPlugin, sweepTable, type NoiseSweepOptions } from './evaluate/noise-sweep.js';
export { sweepNoise, DEFAULT_NOISES, type SweepNoise, type SweepRow, type SweepOptions, type SweepResult } from './evaluate/noise-sweep-rows.js';
export { nearestGlyphs, glyphPixelDistances, ceilingWrongPixels } from './evaluate/ceiling.js';
export { reconstructionPlugin, absoluteError } from './evaluate/reconstruction.js';
export { interpolatePlugin, lineCodes } from './sample/interpolate.js';
export { priorPlugin } from './sample/prior.js';
export * from './images/index.js';
export { latentGridCodes } from './sample/latent-grid-codes.js';
