import type { ComponentConfig, ComponentContext, ComponentKind, ComponentPlugin, ComponentTypes, Plugin } from './types.js';

/**
 * A `ComponentContext` over a list of plugins, for library use without the pipeline engine (and
 * so without its schema compiler: it runs in a browser too). `create('layer', { type: 'dense',
 * units: 16 })` finds the plugin and hands it the options; options left out take the plugin's own
 * defaults, as every built-in plugin applies them itself. Options are not validated here: the
 * engine's contexts do that.
 */
export function createComponents(plugins: readonly Plugin[]): ComponentContext {
  const byKey = new Map<string, ComponentPlugin>();
  for (const p of plugins) if (typeof (p as ComponentPlugin).create === 'function') byKey.set(`${p.kind}/${p.name}`, p as ComponentPlugin);
  const ctx: ComponentContext = {
    create<K extends ComponentKind>(kind: K, config: ComponentConfig): ComponentTypes[K] {
      const { type, ...options } = config;
      const plugin = byKey.get(`${kind}/${type}`);
      if (plugin === undefined) {
        const known = [...byKey.keys()].filter((k) => k.startsWith(`${kind}/`)).map((k) => k.slice(kind.length + 1));
        throw new Error(`unknown ${kind} '${type}' (known: ${known.join(', ') || 'none'})`);
      }
      return plugin.create(options, ctx) as ComponentTypes[K];
    },
    plugin: (kind, name) => byKey.get(`${kind}/${name}`),
  };
  return ctx;
}
