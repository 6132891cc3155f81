import type { Container } from 'inversify';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { err, ok, type Result } from 'neverthrow';
import { siaError, type SiaError } from '../errors.js';
import { createAjv } from './ajv.js';
import { checkPluginShape, pluginLabel } from './check-plugin.js';
import { assemblePipelineSchema, standaloneSchema, usablePlugins } from './pipeline-schema.js';
import { SLOT_KEYWORD } from './slot.js';
import { loadValidator, saveValidator, validatorKey } from './validator-cache.js';
import { ANY_PLUGIN_TOKEN, PLUGIN_KINDS, pluginToken } from './tokens.js';
import {
  isStagePlugin,
  type ComponentConfig,
  type ComponentKind,
  type ComponentPlugin,
  type Plugin,
  type PluginKind,
  type StageKind,
  type StagePlugin,
} from './types.js';

/**
 * Every registered plugin by kind and name, plus the pipeline schema assembled from them and
 * compiled once. Built by `buildRegistry`; read-only afterwards (the maps are private and frozen),
 * so nothing can register a plugin after the schema was compiled.
 */
export class PluginRegistry {
  readonly #byKind: ReadonlyMap<PluginKind, ReadonlyMap<string, Plugin>>;
  readonly #all: readonly Plugin[];
  readonly #validate: ValidateFunction;
  /** The assembled JSON Schema of a pipeline document (useful for editors and `sia schema`). */
  readonly pipelineSchema: Readonly<Record<string, unknown>>;

  /** Use `buildRegistry`; this constructor trusts that its inputs were checked. */
  readonly #codeOf: ((plugin: Plugin) => string | undefined) | undefined;

  constructor(plugins: readonly Plugin[], pipelineSchema: Record<string, unknown>, validate: ValidateFunction, codeOf?: (plugin: Plugin) => string | undefined) {
    this.#codeOf = codeOf;
    const byKind = new Map<PluginKind, Map<string, Plugin>>();
    for (const kind of PLUGIN_KINDS) byKind.set(kind, new Map());
    for (const p of plugins) byKind.get(p.kind)?.set(p.name, p);
    this.#byKind = byKind;
    this.#all = Object.freeze([...plugins]);
    this.#validate = validate;
    this.pipelineSchema = pipelineSchema;
    Object.freeze(this);
  }

  /**
   * The version a fingerprint and the resolved pipeline record: the plugin's own, plus
   * `+code.<hash>` for a plugin loaded from a path (semver build metadata).
   */
  versionOf(plugin: Plugin): string {
    const code = this.#codeOf?.(plugin);
    return code === undefined ? plugin.version : `${plugin.version}+code.${code}`;
  }

  get(kind: PluginKind, name: string): Plugin | undefined {
    return this.#byKind.get(kind)?.get(name);
  }

  /** Plugins of one kind (or all), in registration order. */
  list(kind?: PluginKind): readonly Plugin[] {
    if (kind === undefined) return this.#all;
    return [...(this.#byKind.get(kind)?.values() ?? [])];
  }

  /** Names of one kind, sorted. */
  names(kind: PluginKind): string[] {
    return [...(this.#byKind.get(kind)?.keys() ?? [])].sort();
  }

  /** Kinds with at least one plugin, in the canonical order. */
  kinds(): PluginKind[] {
    return PLUGIN_KINDS.filter((k) => (this.#byKind.get(k)?.size ?? 0) > 0);
  }

  component<K extends ComponentKind>(kind: K, name: string): ComponentPlugin<K> | undefined {
    const p = this.get(kind, name);
    return p !== undefined && !isStagePlugin(p) ? (p as ComponentPlugin<K>) : undefined;
  }

  stage(kind: StageKind, name: string): StagePlugin | undefined {
    const p = this.get(kind, name);
    return p !== undefined && isStagePlugin(p) ? p : undefined;
  }

  /**
   * Validates a pipeline document (plain JS, as parsed) against the assembled schema, filling
   * in defaults in place. Returns ajv's raw errors; `loadPipeline` turns them into `SiaError`s.
   */
  validatePipelineData(data: unknown): readonly ErrorObject[] {
    return this.#validate(data) ? [] : [...(this.#validate.errors ?? [])];
  }

  #slots: Map<ComponentKind, ValidateFunction> | undefined;

  /**
   * Validates one component config (`{ type, ...options }`) against the slot of its kind in the
   * assembled schema, nested components included, and fills in defaults (on a copy). The
   * validator of a kind is compiled on first use (only stages that build components of their own
   * need it). Returns the config or the first problem as a sentence.
   */
  validateComponent(kind: ComponentKind, config: ComponentConfig): { readonly config: ComponentConfig } | { readonly error: string } {
    if (this.component(kind, config.type) === undefined) {
      return { error: `unknown ${kind} '${config.type}' (known: ${this.names(kind).join(', ') || 'none'})` };
    }
    if (this.#slots === undefined) this.#slots = new Map();
    let validate = this.#slots.get(kind);
    if (validate === undefined) {
      const ajv = createAjv();
      ajv.addSchema(this.pipelineSchema as Record<string, unknown>);
      validate = ajv.compile({ $ref: `${String(this.pipelineSchema.$id)}#/$defs/slot.${kind}` });
      this.#slots.set(kind, validate);
    }
    const copy = structuredClone(config) as ComponentConfig;
    if (validate(copy)) return { config: copy };
    const e = (validate.errors ?? [])[0];
    const at = e?.instancePath ? `${e.instancePath.slice(1).replace(/\//g, '.')} ` : '';
    return { error: `${kind} ${config.type}: ${at}${e?.message ?? 'is not valid'}` };
  }
}

/**
 * Reads every plugin bound in the container (one `getAll` per kind; an unbound kind is empty),
 * checks each one's shape, rejects duplicate `kind/name`s, and compiles the pipeline schema once.
 * All problems are reported together.
 */
export function buildRegistry(container: Container, options: CompileOptions = {}): Result<PluginRegistry, SiaError[]> {
  const errors: SiaError[] = [];
  const plugins: Plugin[] = [];
  const seen = new Set<unknown>();
  const byKey = new Map<string, Plugin>();

  const take = (value: unknown, boundAs: PluginKind | undefined): void => {
    const problems = checkPluginShape(value);
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (problems.length === 0 && boundAs !== undefined && kind !== boundAs) {
      problems.push(siaError('plugin/invalid', `plugin ${pluginLabel(value)} is bound under kind ${boundAs}`));
    }
    if (problems.length > 0) {
      errors.push(...problems);
      return;
    }
    const p = value as Plugin;
    const key = `${p.kind}/${p.name}`;
    const first = byKey.get(key);
    if (first !== undefined) {
      const how = first === p ? 'the same plugin was registered twice (is its module loaded twice?)' : `versions ${first.version} and ${p.version}`;
      errors.push(siaError('plugin/duplicate', `plugin ${key} is registered more than once`, { hint: how }));
      return;
    }
    byKey.set(key, p);
    plugins.push(p);
  };

  for (const kind of PLUGIN_KINDS) {
    for (const value of container.getAll<unknown>(pluginToken(kind), { optional: true })) {
      // The same object is bound under its kind and under ANY_PLUGIN_TOKEN by pluginModule;
      // count it here once per binding, so a module loaded twice shows up as a duplicate.
      seen.add(value);
      take(value, kind);
    }
  }
  // Values bound only under the catch-all token have a kind nobody asks for: report them.
  for (const value of container.getAll<unknown>(ANY_PLUGIN_TOKEN, { optional: true })) {
    if (!seen.has(value)) {
      seen.add(value);
      take(value, undefined);
    }
  }
  if (errors.length > 0) return err(errors);
  return compileRegistry(plugins, options);
}

export interface CompileOptions {
  /**
   * Folder of the compiled-validator cache (`validatorCacheDir()` gives the default one); no
   * cache when absent. The CLI passes one; tests and libraries usually do not.
   */
  readonly validatorCache?: string;
  /**
   * A hash of the code of a plugin loaded from a path (its package's files): it joins the plugin's
   * version in fingerprints and the resolved pipeline, so editing the plugin misses the cache.
   */
  readonly codeOf?: (plugin: Plugin) => string | undefined;
}

/** Component kinds named by `slot(kind)` markers anywhere inside a schema (data keywords skipped). */
function slotKinds(schema: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) slotKinds(s, out);
  else if (typeof schema === 'object' && schema !== null) {
    const src = schema as Record<string, unknown>;
    if (typeof src[SLOT_KEYWORD] === 'string') out.add(src[SLOT_KEYWORD] as string);
    for (const [k, v] of Object.entries(src)) if (!DATA_KEYWORDS.has(k)) slotKinds(v, out);
  }
  return out;
}
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples', SLOT_KEYWORD]);

/**
 * The plugins whose options schemas the assembled pipeline schema does NOT compile: ajv compiles
 * `$defs` lazily, so a component kind that no compiled schema reaches through a slot would escape
 * strict mode. Reached: every usable (stage or noise) plugin, and every component of a kind named
 * by a slot in a reached schema, transitively.
 */
function unreached(plugins: readonly Plugin[]): Plugin[] {
  const reached = new Set<Plugin>(usablePlugins(plugins));
  const kinds = new Set<string>();
  let frontier = [...reached];
  while (frontier.length > 0) {
    const before = kinds.size;
    for (const p of frontier) slotKinds(p.schema, kinds);
    if (kinds.size === before) break;
    frontier = plugins.filter((p) => !reached.has(p) && kinds.has(p.kind));
    for (const p of frontier) reached.add(p);
  }
  return plugins.filter((p) => !reached.has(p));
}

/** Compiles each plugin's options schema on its own, naming the ones that fail. */
function checkEach(ajv: ReturnType<typeof createAjv>, plugins: readonly Plugin[]): SiaError[] {
  const errors: SiaError[] = [];
  for (const p of plugins) {
    try {
      ajv.compile(standaloneSchema(p));
    } catch (e) {
      errors.push(siaError('plugin/invalid', `plugin ${p.kind}/${p.name} has an invalid options schema: ${(e as Error).message}`));
    }
  }
  return errors;
}

/**
 * Compiles the assembled pipeline schema, which compiles (in strict mode) every plugin schema it
 * reaches; the few it does not reach are compiled on their own. When anything fails, each
 * plugin's schema is compiled on its own to name the broken ones. (Compiling every plugin schema
 * twice, once alone and once assembled, was a third of `sia validate`'s start-up.)
 */
export function compileRegistry(plugins: readonly Plugin[], options: CompileOptions = {}): Result<PluginRegistry, SiaError[]> {
  const schema = assemblePipelineSchema(plugins);
  const dir = options.validatorCache;
  // The key covers the schema (so every plugin's options schema) and the ajv set-up.
  const key = dir !== undefined ? validatorKey(schema, String(createAjv)) : undefined;
  if (key !== undefined) {
    const cached = loadValidator(dir!, key);
    if (cached !== undefined) return ok(new PluginRegistry(plugins, schema, cached, options.codeOf));
  }
  const ajv = createAjv({ source: key !== undefined });
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    const named = checkEach(createAjv(), plugins);
    if (named.length > 0) return err(named);
    return err([siaError('plugin/invalid', `the assembled pipeline schema does not compile: ${(e as Error).message}`)]);
  }
  const errors = checkEach(ajv, unreached(plugins));
  if (errors.length > 0) return err(errors);
  if (key !== undefined) saveValidator(dir!, key, ajv, validate);
  return ok(new PluginRegistry(plugins, schema, validate, options.codeOf));
}
