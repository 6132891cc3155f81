import { pluginModule } from '@sia/core';
import { optimizersPlugins } from './plugins.js';

/** The container module that registers every plugin of @sia/optimizers. */
export default pluginModule(optimizersPlugins);
