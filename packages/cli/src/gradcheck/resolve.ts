import { err, ok, type Result } from 'neverthrow';
import {
  closest,
  createComponentContext,
  isComponentKind,
  SLOT_KEYWORD,
  type ComponentConfig,
  type ComponentContext,
  type ComponentPlugin,
  type PluginRegistry,
  type SiaError,
} from '@sia/core';
import { GRADCHECK_KINDS, type GradcheckKind } from './args.js';

/** A plugin to check and its options, validated with the defaults a pipeline would get. */
export interface ResolvedComponent {
  readonly kind: GradcheckKind;
  readonly plugin: ComponentPlugin;
  /** `{ type: name, ...options }`, defaults filled in, nested components included. */
  readonly config: ComponentConfig;
  /** Builds components through the registry (the plugin's `ctx`). */
  readonly ctx: ComponentContext;
}

const fail = (code: SiaError['code'], message: string, hint?: string): SiaError => ({ code, message, ...(hint !== undefined ? { hint } : {}) });

/** `unknown activation 'tahn'` with the closest name and the known ones; a name of another kind is pointed to. */
export function unknownPlugin(registry: PluginRegistry, kind: GradcheckKind, name: string): SiaError {
  const known = registry.names(kind);
  const guess = closest(name, known);
  const elsewhere = GRADCHECK_KINDS.filter((k) => k !== kind && registry.component(k, name) !== undefined);
  const mean = elsewhere.length > 0
    ? `; ${name} is ${elsewhere.map((k) => `a ${k} (${k}/${name})`).join(' and ')}`
    : guess !== undefined ? `; did you mean ${kind}/${guess}?` : '';
  const from = known.length > 0 ? `known ${kind}s: ${known.join(', ')}` : `no ${kind} plugins are registered`;
  return fail('schema/unknown-plugin', `unknown ${kind} '${name}'${mean}`, `${from}; load a third-party module with --plugin <path or package>`);
}

/**
 * Finds `kind/name` in the registry and validates `options` against its schema exactly as a
 * pipeline's `{ type: name, ...options }` is (defaults filled in, nested slots included). An
 * option or a nested `type` the schema does not know is named, with the closest known one.
 */
export function resolveComponent(registry: PluginRegistry, kind: GradcheckKind, name: string, options: Readonly<Record<string, unknown>>): Result<ResolvedComponent, SiaError> {
  const plugin = registry.component(kind, name);
  if (plugin === undefined) return err(unknownPlugin(registry, kind, name));
  const unknown = unknownNames(registry, plugin, options, '');
  if (unknown !== undefined) return err(fail('schema/invalid', `--with: ${unknown}`));
  const ctx = createComponentContext(registry);
  if (ctx.validate === undefined) return err(fail('schema/invalid', 'this @sia/core cannot validate a component on its own'));
  const checked = ctx.validate(kind, { ...options, type: name });
  if ('error' in checked) return err(fail('schema/invalid', `--with: ${checked.error}`, `sia plugins lists the options of ${kind}/${name}`));
  return ok({ kind, plugin, config: checked.config, ctx });
}

/**
 * The first option the schema of `plugin` (closed with `additionalProperties: false`) does not
 * list, or the first nested `{ type }` naming no registered plugin, as a sentence; ajv's own
 * message for these ("must NOT have additional properties") does not say which.
 */
function unknownNames(registry: PluginRegistry, plugin: ComponentPlugin, options: Readonly<Record<string, unknown>>, at: string): string | undefined {
  const schema = plugin.schema as { properties?: Record<string, Record<string, unknown>>; additionalProperties?: unknown };
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  for (const [key, value] of Object.entries(options)) {
    if (key === 'type' && at !== '') continue;
    const property = properties[key];
    if (property === undefined) {
      if (schema.additionalProperties !== false) continue;
      const where = `${plugin.kind}/${plugin.name}`;
      if (names.length === 0) return `${at}${key}: ${where} takes no options`;
      const guess = closest(key, names);
      return `unknown option '${at}${key}' of ${where}${guess !== undefined ? `; did you mean ${at}${guess}?` : ''} (its options: ${names.join(', ')})`;
    }
    const slotKind = property[SLOT_KEYWORD];
    if (typeof slotKind !== 'string' || !isComponentKind(slotKind)) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const type = (value as { type?: unknown }).type;
    if (typeof type !== 'string') continue;
    const nested = registry.component(slotKind, type);
    if (nested === undefined) {
      const known = registry.names(slotKind);
      const guess = closest(type, known);
      return `${at}${key}.type: unknown ${slotKind} '${type}'${guess !== undefined ? `; did you mean ${guess}?` : ''} (known: ${known.join(', ') || 'none'})`;
    }
    const deeper = unknownNames(registry, nested, value as Record<string, unknown>, `${at}${key}.`);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}
