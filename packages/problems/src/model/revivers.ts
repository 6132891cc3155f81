import type { ModelReviver } from './model-files.js';
import { AUTOENCODER_TRAINER, reviveAutoencoder } from '../train/autoencoder-model.js';

/** How to rebuild a saved model, by the trainer that made it. */
export const MODEL_REVIVERS: Readonly<Record<string, ModelReviver>> = Object.freeze({
  [AUTOENCODER_TRAINER]: reviveAutoencoder,
});
