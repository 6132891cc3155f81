import { ContainerModule } from 'inversify';
import { ANY_PLUGIN_TOKEN, isPluginKind, pluginToken } from './tokens.js';
import type { Plugin } from './types.js';

/**
 * The one way to register plugins: an inversify container module that binds each plugin as a
 * constant under its kind's token (`Symbol.for('sia.plugin.<kind>')`). Built-in packages and
 * third-party packages alike default-export `pluginModule([...])`; the CLI loads the modules into
 * its container and builds the registry from it with `buildRegistry`.
 *
 * Nothing is checked here (a module is plain data until loaded); `buildRegistry` validates every
 * plugin and reports duplicates, so a broken third-party plugin is an error with its name rather
 * than a crash while loading.
 */
export function pluginModule(plugins: readonly Plugin[]): ContainerModule {
  const list = [...plugins];
  return new ContainerModule(({ bind }) => {
    for (const plugin of list) {
      bind(ANY_PLUGIN_TOKEN).toConstantValue(plugin);
      const kind: unknown = (plugin as { kind?: unknown } | null)?.kind;
      if (isPluginKind(kind)) bind(pluginToken(kind)).toConstantValue(plugin);
    }
  });
}
