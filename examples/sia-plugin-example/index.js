// @ts-check
/**
 * sia-plugin-example: how a third party adds plugins to sia.
 *
 * The package lists `@sia/core` as a peer dependency (one copy of core, and so of its plugin
 * tokens, in the user's project) and default-exports a plugin module built with core's
 * `pluginModule([...])`: the same call sia's own packages use. A pipeline loads it with
 *
 *   plugins: [sia-plugin-example]        # installed package
 *   plugins: [./path/to/sia-plugin-example]   # or a path relative to the pipeline file
 *
 * and then uses `type: acme:softsign` wherever an activation goes.
 */
import { pluginModule } from '@sia/core';
import { softsignPlugin } from './softsign.js';

export { softsignPlugin };

/** Every plugin of this package (also accepted by sia on its own, as a named export). */
export const plugins = [softsignPlugin];

export default pluginModule(plugins);
