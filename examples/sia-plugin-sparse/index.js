// @ts-check
/**
 * sia-plugin-sparse: how a third party adds a layer and a problem to sia.
 *
 *   acme:gaussian-noise  a layer: adds N(0, std²) to its input in training, the identity otherwise
 *   acme:sparse          a problem: a sparse autoencoder, reconstruction + weight · mean Σ|code|
 *
 * Loaded like any plugin package (`plugins: [sia-plugin-sparse]` or a path), registered through
 * core's `pluginModule`, the call sia's own packages use. A model trained with them records both
 * in its model.json, and `model/load` revives it through them.
 */
import { pluginModule } from '@sia/core';
import { gaussianNoiseLayerPlugin } from './gaussian-noise.js';
import { sparsePlugin } from './sparse.js';

export { gaussianNoiseLayerPlugin, sparsePlugin };

/** Every plugin of this package. */
export const plugins = [gaussianNoiseLayerPlugin, sparsePlugin];

export default pluginModule(plugins);
