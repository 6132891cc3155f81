import type { ComponentKind, PluginKind, StageKind } from './types.js';

/** Component kinds, in the order `sia plugins` lists them. */
export const COMPONENT_KINDS: readonly ComponentKind[] = Object.freeze([
  'activation',
  'loss',
  'initializer',
  'optimizer',
  'updater',
  'noise',
  'layer',
  'problem',
] as const);

/** Stage kinds, in pipeline order. */
export const STAGE_KINDS: readonly StageKind[] = Object.freeze(['dataset', 'model', 'train', 'evaluate', 'sample'] as const);

/** Every plugin kind the registry knows. */
export const PLUGIN_KINDS: readonly PluginKind[] = Object.freeze([...STAGE_KINDS, ...COMPONENT_KINDS]);

export function isPluginKind(kind: unknown): kind is PluginKind {
  return typeof kind === 'string' && (PLUGIN_KINDS as readonly string[]).includes(kind);
}

export function isComponentKind(kind: unknown): kind is ComponentKind {
  return typeof kind === 'string' && (COMPONENT_KINDS as readonly string[]).includes(kind);
}

/**
 * The inversify service identifier a plugin of `kind` is bound under. `Symbol.for` makes the
 * token global, so a third-party package holding its own copy of core still binds the same one.
 */
export function pluginToken(kind: PluginKind): symbol {
  return Symbol.for(`sia.plugin.${kind}`);
}

/** Tokens for every kind, e.g. `PLUGIN_TOKENS.optimizer === Symbol.for('sia.plugin.optimizer')`. */
export const PLUGIN_TOKENS: Readonly<Record<PluginKind, symbol>> = Object.freeze(
  Object.fromEntries(PLUGIN_KINDS.map((k) => [k, pluginToken(k)])) as Record<PluginKind, symbol>,
);

/**
 * Every value handed to `pluginModule` is also bound here, so that the registry can report a
 * plugin whose `kind` is misspelt (it would otherwise sit unseen under a token nobody asks for).
 */
export const ANY_PLUGIN_TOKEN: symbol = Symbol.for('sia.plugin.*');
