import { EXPECTED_KEYWORD, KIND_KEYWORD, NONE_KEYWORD, usesOf, type Plugin } from '@sia/core';

type Schema = Record<string, unknown>;

/** The draft the editor schema declares: the one yaml-language-server and ajv's default class read best. */
export const EDITOR_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

/** Keywords whose values are data, not schemas: copied as they are. */
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples']);
/** ajv-only keywords of the assembled schema, dropped from the editor's copy. */
const DROPPED = new Set(['discriminator', KIND_KEYWORD, '$id']);

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A `$defs` key as a plain JSON-pointer segment (`layer.acme:sparse-dense` -> `layer.acme-sparse-dense`):
 * some editors do not percent-decode `$ref` fragments. Made unique by a counter when two clash.
 */
function definitionNames(keys: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const base = key.replace(/[^A-Za-z0-9._-]/g, '-');
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
    used.add(name);
    names.set(key, name);
  }
  return names;
}

/**
 * The pipeline schema as an editor reads it (yaml-language-server: completion, hover, checks as
 * you type), made from the schema core assembles for ajv:
 *
 * - plain draft-07: `$defs` become `definitions`, ajv's `discriminator` and sia's `x-sia-*`
 *   annotations go (an always-failing slot becomes `not: {}`); a `oneOf` whose branches each fix
 *   `type` (or `uses`) to a different const accepts what the discriminator accepts;
 * - each slot's `type` and each stage's `uses` is an `enum` of the registered names with one
 *   `enumDescriptions` entry each, so completion offers the names with what they do;
 * - each plugin's branch carries a `title` and its plugin's `description`, the options their own
 *   descriptions (from the plugins' schemas), for hover docs.
 */
export function editorSchema(assembled: Readonly<Schema>, plugins: readonly Plugin[]): Schema {
  const defs = isObject(assembled.$defs) ? assembled.$defs : {};
  const names = definitionNames(Object.keys(defs));
  const byDef = new Map(plugins.map((p) => [`${p.kind}.${p.name}`, p]));
  const byUses = new Map(plugins.map((p) => [usesOf(p), p]));

  /** A `$ref` target inside the assembled schema, or undefined. */
  const target = (ref: unknown): Schema | undefined => {
    if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return undefined;
    const d = defs[decodeURIComponent(ref.slice('#/$defs/'.length))];
    return isObject(d) ? d : undefined;
  };
  /** The const a `oneOf` branch gives its tag, following one `$ref`. */
  const tagOf = (branch: unknown, tag: string): string | undefined => {
    const b = isObject(branch) && branch.$ref !== undefined ? target(branch.$ref) : branch;
    const props = isObject(b) && isObject(b.properties) ? b.properties : {};
    const t = props[tag];
    return isObject(t) && typeof t.const === 'string' ? t.const : undefined;
  };

  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (!isObject(node)) return node;
    if (node[NONE_KEYWORD] === true) {
      return { not: {}, description: `no ${String(node[KIND_KEYWORD])} plugin is registered` };
    }
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) {
      if (DROPPED.has(k)) continue;
      if (DATA_KEYWORDS.has(k)) out[k] = v;
      else if (k === EXPECTED_KEYWORD) {
        if (typeof node.description !== 'string') out.description = v;
      } else if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
        const key = decodeURIComponent(v.slice('#/$defs/'.length));
        out.$ref = `#/definitions/${names.get(key) ?? key}`;
      } else out[k] = convert(v);
    }
    const kind = node[KIND_KEYWORD];
    const disc = node.discriminator;
    if (typeof kind === 'string' && Array.isArray(node.oneOf) && isObject(disc) && typeof disc.propertyName === 'string') {
      out.properties = { ...(out.properties as Schema), [disc.propertyName]: choiceTag(kind, disc.propertyName, node.oneOf) };
    }
    return out;
  };

  /** The tag of a choice: every registered name, each with its plugin's description. */
  const choiceTag = (kind: string, tag: string, branches: readonly unknown[]): Schema => {
    const values = branches.map((b) => tagOf(b, tag)).filter((v): v is string => v !== undefined);
    const describe = (v: string): string => (tag === 'uses' ? byUses.get(v) : byDef.get(`${kind}.${v}`))?.description ?? '';
    return {
      // Titled, so hover names the kind rather than the title of some enclosing branch.
      title: tag === 'uses' ? 'stage plugin' : `${kind} plugin`,
      type: 'string',
      description: tag === 'uses' ? 'the plugin that runs this stage, as kind/name' : `the ${kind} plugin to use`,
      enum: values,
      enumDescriptions: values.map(describe),
    };
  };

  /** Titles and descriptions on a component's schema (in `definitions`) from its plugin. */
  const describeComponent = (key: string, s: Schema): Schema => {
    const p = byDef.get(key);
    if (p === undefined) return s;
    const props = isObject(s.properties) ? s.properties : {};
    const type = isObject(props.type) ? { ...props.type, description: p.description } : props.type;
    return { title: `${p.kind} ${p.name}`, description: p.description, ...s, properties: { ...props, type } };
  };

  /** Titles and descriptions on a stage branch from its plugin. */
  const describeStage = (s: unknown): unknown => {
    if (!isObject(s) || !isObject(s.properties)) return s;
    const uses = isObject(s.properties.uses) ? s.properties.uses.const : undefined;
    const p = typeof uses === 'string' ? byUses.get(uses) : undefined;
    if (p === undefined) return s;
    const props = s.properties;
    const withSchema = isObject(props.with) ? { description: `options of ${uses}`, ...props.with } : props.with;
    return {
      title: uses,
      description: p.description,
      ...s,
      properties: { ...props, uses: { ...(props.uses as Schema), description: p.description }, with: withSchema },
    };
  };

  const definitions: Schema = {};
  for (const [key, def] of Object.entries(defs)) {
    let converted = convert(def) as Schema;
    if (key === 'stage' && Array.isArray(converted.oneOf)) converted = { ...converted, oneOf: converted.oneOf.map(describeStage) };
    else converted = describeComponent(key, converted);
    definitions[names.get(key)!] = converted;
  }
  const { $defs: _defs, ...rest } = assembled;
  const root = convert(rest) as Schema;
  const properties = isObject(root.properties) ? { ...root.properties } : {};
  if (isObject(properties.description) && properties.description.description === undefined) {
    properties.description = { ...properties.description, description: 'what the pipeline is for, in a sentence' };
  }
  if (isObject(properties.stages) && properties.stages.description === undefined) {
    properties.stages = { description: 'the stages by id (letters, digits, _ and -); each names its plugin with uses: kind/name', ...properties.stages };
  }
  return {
    $schema: EDITOR_SCHEMA_DRAFT,
    title: 'sia pipeline',
    description: 'A sia pipeline: named stages, each running a plugin (uses: kind/name) with its options (with:). Generated by `sia schema`.',
    ...root,
    properties,
    definitions,
  };
}
