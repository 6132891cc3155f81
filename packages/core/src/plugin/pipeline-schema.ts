import { SLOT_KEYWORD } from './slot.js';
import { COMPONENT_KINDS } from './tokens.js';
import { isStagePlugin, type ComponentKind, type Plugin } from './types.js';

/** Annotation on assembled schemas: which plugin kind a slot (or the stage choice) selects. */
export const KIND_KEYWORD = 'x-sia-kind';
/** Annotation: a human phrase for what a value must look like, used in error messages. */
export const EXPECTED_KEYWORD = 'x-sia-expected';
/** Always fails: the schema of a slot whose kind has no registered plugin. */
export const NONE_KEYWORD = 'x-sia-none';

/** Pipeline names and stage ids. */
export const PIPELINE_NAME_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

type Schema = Record<string, unknown>;

/** `$defs` key of a component plugin's schema (with its `type` tag). */
const componentDef = (kind: string, name: string): string => `${kind}.${name}`;
const slotDef = (kind: string): string => `slot.${kind}`;
const ref = (def: string): string => `#/$defs/${encodeURIComponent(def)}`;

/** Keywords whose values are data, not schemas: never rewrite inside them. */
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples', SLOT_KEYWORD]);

/**
 * Replaces every `slot(kind)` marker by a reference to that kind's choice. A reference (rather
 * than an inline copy) lets a component's options hold slots of other kinds without unbounded
 * expansion; ajv's discriminator follows `$ref`s into `oneOf` branches.
 */
export function expandSlots(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(expandSlots);
  if (typeof schema !== 'object' || schema === null) return schema;
  const src = schema as Schema;
  if (typeof src[SLOT_KEYWORD] === 'string') {
    const { [SLOT_KEYWORD]: kind, ...rest } = src;
    return { ...rest, $ref: ref(slotDef(kind as string)) };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) out[k] = DATA_KEYWORDS.has(k) ? v : expandSlots(v);
  return out;
}

/** The schema of a component as it appears in a slot: its options plus `type: <name>`. */
function componentSchema(p: Plugin): Schema {
  const base = expandSlots(p.schema) as Schema;
  const props = (base.properties ?? {}) as Schema;
  const required = Array.isArray(base.required) ? (base.required as string[]) : [];
  return {
    ...base,
    properties: { type: { const: p.name, description: `the ${p.kind} plugin to use` }, ...props },
    required: ['type', ...required.filter((r) => r !== 'type')],
  };
}

/** A choice over plugins keyed on `tag`, or an always-failing schema when there are none. */
function choice(kind: string, tag: string, branches: Schema[]): Schema {
  if (branches.length === 0) return { [KIND_KEYWORD]: kind, [NONE_KEYWORD]: true };
  return {
    type: 'object',
    [KIND_KEYWORD]: kind,
    required: [tag],
    properties: { [tag]: { type: 'string' } },
    discriminator: { propertyName: tag },
    oneOf: branches,
  };
}

/** The `uses:` value that selects a plugin as a stage. */
export const usesOf = (p: Plugin): string => `${p.kind}/${p.name}`;

/** Plugins that may be named by `uses:`: every stage plugin and every noise component. */
export function usablePlugins(plugins: readonly Plugin[]): Plugin[] {
  return plugins.filter((p) => isStagePlugin(p) || p.kind === 'noise');
}

function stageSchema(p: Plugin): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['uses'],
    properties: {
      uses: { const: usesOf(p) },
      description: { type: 'string' },
      inputs: {
        type: 'object',
        [EXPECTED_KEYWORD]: 'a map from input name to stage id',
        additionalProperties: { type: 'string', minLength: 1 },
      },
      with: { ...(expandSlots(p.schema) as Schema), default: {} },
    },
  };
}

/**
 * The JSON Schema of a pipeline document, assembled from the registered plugins (Ludwig-style):
 * each stage is a choice keyed on `uses`, each nested component slot a choice keyed on `type`,
 * and every object closed with `additionalProperties: false` by the plugins' own schemas.
 */
export function assemblePipelineSchema(plugins: readonly Plugin[]): Schema {
  const defs: Schema = {};
  for (const kind of COMPONENT_KINDS as readonly ComponentKind[]) {
    const ofKind = plugins.filter((p) => p.kind === kind);
    for (const p of ofKind) defs[componentDef(kind, p.name)] = componentSchema(p);
    defs[slotDef(kind)] = choice(kind, 'type', ofKind.map((p) => ({ $ref: ref(componentDef(kind, p.name)) })));
  }
  defs.stage = choice('stage', 'uses', usablePlugins(plugins).map(stageSchema));
  return {
    $id: 'https://sia.dev/pipeline.schema.json',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'stages'],
    properties: {
      name: { type: 'string', pattern: PIPELINE_NAME_PATTERN, maxLength: 64, [EXPECTED_KEYWORD]: 'lowercase letters, digits and dashes, e.g. ae-letters', description: 'name of the pipeline' },
      description: { type: 'string' },
      seed: { type: 'integer', minimum: 0, default: 1, description: 'seed of the random streams (each stage draws from its own)' },
      plugins: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'extra plugin modules: paths relative to the file, or package names' },
      stages: { type: 'object', minProperties: 1, additionalProperties: { $ref: '#/$defs/stage' } },
      sweep: SWEEP_SCHEMA,
    },
    $defs: defs,
  };
}

/** The structure of a `sweep:` section (`sia sweep`; what each trial's values are is checked per trial). */
const SWEEP_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['axes'],
  description: 'run the pipeline once per combination of values (sia sweep)',
  properties: {
    axes: {
      type: 'object',
      minProperties: 1,
      description: 'option path (as --set takes it, seed included) -> list of values',
      additionalProperties: { type: 'array', minItems: 1, maxItems: 10_000 },
    },
    strategy: { enum: ['grid', 'random'], default: 'grid', description: 'grid: every combination; random: trials combinations drawn from a seeded stream' },
    trials: { type: 'integer', minimum: 1, maximum: 10_000, description: 'with random: how many trials' },
    seed: { type: 'integer', minimum: 0, description: "with random: seed of the draw (default: the pipeline's seed)" },
  },
};

/**
 * A throwaway schema to check one plugin's options schema on its own: slots become a loose
 * `{ type: string }` object, so a broken plugin can be named when the assembled schema fails.
 */
export function standaloneSchema(p: Plugin): Schema {
  const loose = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(loose);
    if (typeof s !== 'object' || s === null) return s;
    const src = s as Schema;
    if (typeof src[SLOT_KEYWORD] === 'string') {
      const { [SLOT_KEYWORD]: _kind, ...rest } = src;
      return { ...rest, type: 'object', required: ['type'], properties: { type: { type: 'string' } } };
    }
    const out: Schema = {};
    for (const [k, v] of Object.entries(src)) out[k] = DATA_KEYWORDS.has(k) ? v : loose(v);
    return out;
  };
  return loose(p.schema) as Schema;
}
