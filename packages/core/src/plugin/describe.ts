import type { PluginRegistry } from './registry.js';
import { SLOT_KEYWORD } from './slot.js';
import { isStagePlugin, type ComponentKind, type Plugin } from './types.js';

/** One option of a plugin, read from its JSON Schema (for `sia plugins` and `--json`). */
export interface OptionDescription {
  name: string;
  /** `number`, `integer`, `array of integer`, `optimizer` (a component slot), `a | b` ... */
  type: string;
  default?: unknown;
  required: boolean;
  description?: string;
  /** `> 0`, `>= 1, <= 10`, `one of: adam, gd` ... */
  constraints?: string;
}

export interface PluginDescription {
  kind: string;
  name: string;
  version: string;
  description: string;
  options: OptionDescription[];
  /** Stage plugins: the input ports and what each accepts. */
  inputs?: { name: string; accepts: string[]; optional: boolean; description?: string }[];
  /** Stage plugins: the artifact type produced. */
  output?: string;
  /** Noise plugins: the option that takes the noise level (what evaluate/noise-sweep varies). */
  level?: string;
}

type Schema = Record<string, unknown>;

function typeOf(s: Schema, registry: PluginRegistry): string {
  if (typeof s[SLOT_KEYWORD] === 'string') return s[SLOT_KEYWORD] as string;
  if (Array.isArray(s.enum)) return typeof s.enum[0] === 'number' ? 'number' : 'string';
  if (s.const !== undefined) return JSON.stringify(s.const);
  const alts = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (Array.isArray(alts)) return alts.map((a) => typeOf(a, registry)).join(' | ');
  if (Array.isArray(s.type)) return (s.type as string[]).join(' | ');
  if (s.type === 'array' && typeof s.items === 'object' && s.items !== null && !Array.isArray(s.items)) {
    return `array of ${typeOf(s.items as Schema, registry)}`;
  }
  return typeof s.type === 'string' ? s.type : 'any';
}

function constraintsOf(s: Schema, registry: PluginRegistry): string | undefined {
  const c: string[] = [];
  const num = (k: string, op: string): void => {
    if (typeof s[k] === 'number') c.push(`${op} ${s[k] as number}`);
  };
  num('exclusiveMinimum', '>');
  num('minimum', '>=');
  num('exclusiveMaximum', '<');
  num('maximum', '<=');
  if (typeof s.minItems === 'number') c.push(`at least ${s.minItems} items`);
  if (typeof s.maxItems === 'number') c.push(`at most ${s.maxItems} items`);
  if (typeof s.minLength === 'number' && s.minLength > 1) c.push(`at least ${s.minLength} characters`);
  if (typeof s.pattern === 'string') c.push(`matches /${s.pattern}/`);
  if (Array.isArray(s.enum)) c.push(`one of: ${s.enum.map(String).join(', ')}`);
  if (typeof s[SLOT_KEYWORD] === 'string') {
    const names = registry.names(s[SLOT_KEYWORD] as ComponentKind);
    c.push(names.length > 0 ? `type one of: ${names.join(', ')}` : 'no plugins of this kind are registered');
  }
  if (s.type === 'array' && typeof s.items === 'object' && s.items !== null) {
    const inner = constraintsOf(s.items as Schema, registry);
    if (inner !== undefined) c.push(`each ${inner}`);
  }
  return c.length > 0 ? c.join(', ') : undefined;
}

/** Describes one plugin's options from its schema. */
export function describePlugin(p: Plugin, registry: PluginRegistry): PluginDescription {
  const props = (p.schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(p.schema.required) ? (p.schema.required as string[]) : []);
  const options: OptionDescription[] = Object.entries(props).map(([name, s]) => {
    const o: OptionDescription = { name, type: typeOf(s, registry), required: required.has(name) };
    if (s.default !== undefined) o.default = s.default;
    if (typeof s.description === 'string') o.description = s.description;
    const constraints = constraintsOf(s, registry);
    if (constraints !== undefined) o.constraints = constraints;
    return o;
  });
  const d: PluginDescription = { kind: p.kind, name: p.name, version: p.version, description: p.description, options };
  if (isStagePlugin(p)) {
    d.inputs = Object.entries(p.inputs).map(([name, spec]) => {
      const i: NonNullable<PluginDescription['inputs']>[number] = { name, accepts: [...spec.accepts], optional: spec.optional === true };
      if (spec.description !== undefined) i.description = spec.description;
      return i;
    });
    d.output = p.output;
  } else if (p.kind === 'noise') {
    // A noise component can also be a stage (`uses: noise/<name>`): describe that use too.
    d.inputs = [{ name: 'data', accepts: ['dataset'], optional: false, description: 'the clean dataset' }];
    d.output = 'dataset';
    const level = (p as { level?: unknown }).level;
    if (typeof level === 'string') d.level = level;
  }
  return d;
}

/** Every registered plugin, grouped by kind in the canonical order, sorted by name within a kind. */
export function describePlugins(registry: PluginRegistry): PluginDescription[] {
  return registry.kinds().flatMap((kind) => registry.names(kind).map((name) => describePlugin(registry.get(kind, name)!, registry)));
}
