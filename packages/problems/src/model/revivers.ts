import type { ModelReviver } from './model-files.js';
import { AUTOENCODER_TRAINER, reviveAutoencoder } from '../train/autoencoder-model.js';
import { VARIATIONAL_TRAINER, reviveVariational } from '../variational/variational-model.js';

/** How to rebuild a saved model, by the trainer that made it. */
export const MODEL_REVIVERS: Readonly<Record<string, ModelReviver>> = Object.freeze({
  [AUTOENCODER_TRAINER]: reviveAutoencoder,
  [VARIATIONAL_TRAINER]: reviveVariational,
});
