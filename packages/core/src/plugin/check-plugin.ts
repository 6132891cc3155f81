import { siaError, type SiaError } from '../errors.js';
import { isComponentKind, isPluginKind } from './tokens.js';

const ARTIFACT_TYPES = ['dataset', 'model', 'report'];

/** Plugin names: lowercase words joined by `-`, `_` or `.`, optionally scoped `acme:`. */
export const PLUGIN_NAME_PATTERN: RegExp = /^[a-z0-9]+(?:[-_.:][a-z0-9]+)*$/;

/** `kind/name` when both are strings, else a best-effort label for messages. */
export function pluginLabel(p: unknown): string {
  const o = (p ?? {}) as { kind?: unknown; name?: unknown };
  const kind = typeof o.kind === 'string' ? o.kind : '?';
  const name = typeof o.name === 'string' ? o.name : '?';
  return `${kind}/${name}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that a value bound as a plugin has the shape the engine relies on. A third-party
 * plugin is plain JavaScript at run time, so this is where a missing `run` or a misspelt kind
 * becomes a `plugin/invalid` error naming the plugin instead of a crash mid-pipeline.
 */
export function checkPluginShape(value: unknown): SiaError[] {
  const label = pluginLabel(value);
  const problems: string[] = [];
  if (!isRecord(value)) {
    return [siaError('plugin/invalid', `a plugin must be an object, got ${value === null ? 'null' : typeof value}`)];
  }
  const p = value;
  if (!isPluginKind(p.kind)) problems.push(`unknown kind ${JSON.stringify(p.kind)}`);
  if (typeof p.name !== 'string' || !PLUGIN_NAME_PATTERN.test(p.name)) {
    problems.push(`name must be lowercase words joined by - _ . or : (got ${JSON.stringify(p.name)})`);
  }
  if (typeof p.version !== 'string' || p.version.length === 0) problems.push('version must be a non-empty string');
  if (typeof p.description !== 'string') problems.push('description must be a string');
  if (!isRecord(p.schema) || p.schema.type !== 'object') problems.push('schema must be a JSON Schema object with type: "object"');
  if (isComponentKind(p.kind)) {
    if (typeof p.create !== 'function') problems.push('a component plugin needs create(config, ctx)');
    // `type` names the component in a slot (`{ type: adam, rate: 0.1 }`), so it cannot be an option.
    const props = isRecord(p.schema) && isRecord(p.schema.properties) ? p.schema.properties : {};
    if ('type' in props) problems.push('"type" is reserved (it names the component in a slot); rename that option');
    if (p.level !== undefined) {
      const option = isRecord(props) && typeof p.level === 'string' ? (props as Record<string, unknown>)[p.level] : undefined;
      if (p.kind !== 'noise') problems.push('level is for noise plugins (the option that takes the noise level)');
      else if (!isRecord(option) || (option.type !== 'number' && option.type !== 'integer')) problems.push(`level must name a number option of the schema (got ${JSON.stringify(p.level)})`);
    }
  } else if (isPluginKind(p.kind)) {
    if (typeof p.run !== 'function') problems.push('a stage plugin needs run(config, inputs, ctx)');
    if (!ARTIFACT_TYPES.includes(p.output as string)) problems.push(`output must be one of ${ARTIFACT_TYPES.join(', ')}`);
    if (!isRecord(p.inputs)) problems.push('inputs must be an object of ports');
    else {
      for (const [port, spec] of Object.entries(p.inputs)) {
        const accepts = isRecord(spec) ? spec.accepts : undefined;
        if (!Array.isArray(accepts) || accepts.length === 0 || !accepts.every((a) => ARTIFACT_TYPES.includes(a as string))) {
          problems.push(`input ${port} must accept a non-empty list of ${ARTIFACT_TYPES.join(', ')}`);
        }
      }
    }
    if (p.codec !== undefined) {
      const c = p.codec as Record<string, unknown> | null;
      if (!isRecord(c) || typeof c.save !== 'function' || typeof c.load !== 'function') problems.push('codec must have save(artifact, dir) and load(dir)');
    }
  }
  return problems.map((m) => siaError('plugin/invalid', `plugin ${label}: ${m}`));
}

