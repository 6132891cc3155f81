import { pluginModule } from '@sia/core';
import { layersPlugins } from './plugins.js';

/** The container module that registers every plugin of @sia/layers. */
export default pluginModule(layersPlugins);
