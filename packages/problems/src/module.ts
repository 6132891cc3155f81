import { pluginModule } from '@sia/core';
import { problemsPlugins } from './plugins.js';

/** The inversify module of @sia/problems. */
export default pluginModule(problemsPlugins);
