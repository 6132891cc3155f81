import type { ErrorObject } from 'ajv';
import { siaError, type SiaError } from '../errors.js';
import { EXPECTED_KEYWORD, KIND_KEYWORD, NONE_KEYWORD, usablePlugins, usesOf } from '../plugin/pipeline-schema.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { closest, knownNamesHint } from '../plugin/suggest.js';
import type { ComponentKind } from '../plugin/types.js';
import { STAGE_KINDS } from '../plugin/tokens.js';
import { formatPath, pointerToPath, type DocPath, type Position } from './locate.js';

/** Where an error points: the subject's path, and whether its key or its value is at fault. */
export type Where = (path: DocPath, prefer: 'key' | 'value') => Pick<SiaError, 'file' | 'line' | 'column' | 'set' | 'path'>;

/** Builds a `Where` from a locator and the applied overrides (see `loadPipeline`). */
export interface WhereParts {
  file: string;
  locate(path: DocPath, prefer: 'key' | 'value'): Position | undefined;
  setFor(path: DocPath): string | undefined;
}

export function makeWhere(parts: WhereParts): Where {
  return (path, prefer) => {
    const set = parts.setFor(path);
    if (set !== undefined) return { file: parts.file, set, path: formatPath(path) };
    // Only an empty document has no position at all: point at its start.
    const pos = parts.locate(path, prefer) ?? { line: 1, column: 1 };
    return { file: parts.file, line: pos.line, column: pos.column, path: formatPath(path) };
  };
}

/** A short account of a value for "got ..." */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  return 'a map';
}

const article = (t: string): string => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

/** What a schema accepts, in a few words (for oneOf/anyOf alternatives). */
function expected(s: unknown): string {
  if (typeof s !== 'object' || s === null) return 'anything';
  const o = s as Record<string, unknown>;
  if (typeof o[EXPECTED_KEYWORD] === 'string') return o[EXPECTED_KEYWORD] as string;
  if (o.const !== undefined) return JSON.stringify(o.const);
  if (Array.isArray(o.enum)) return `one of ${o.enum.map(String).join(', ')}`;
  const t = Array.isArray(o.type) ? (o.type as string[]).join(' or ') : typeof o.type === 'string' ? o.type : undefined;
  if (t === 'array' && typeof o.items === 'object' && o.items !== null) {
    const item = (o.items as Record<string, unknown>).type;
    return typeof item === 'string' ? `a list of ${item === 'object' ? 'maps' : `${item}s`}` : 'a list';
  }
  if (t !== undefined) return t === 'object' ? 'a map' : t === 'array' ? 'a list' : article(t);
  return 'a value of another shape';
}

function isOptionPath(path: DocPath): boolean {
  return path.length >= 3 && path[0] === 'stages' && path[2] === 'with';
}

function pluralKind(kind: string): string {
  return kind.endsWith('s') ? kind : `${kind}s`;
}

/** The hint for an unknown `uses:` value: the known plugins of the kind it names. */
function usesHint(value: string, registry: PluginRegistry): string {
  const all = usablePlugins(registry.list()).map(usesOf);
  const kind = value.includes('/') ? value.slice(0, value.indexOf('/')) : '';
  const ofKind = all.filter((u) => u.startsWith(`${kind}/`));
  if (ofKind.length > 0) return knownNamesHint(value, ofKind, `known ${kind} plugins`);
  const guess = closest(value, all);
  const kinds = [...new Set([...STAGE_KINDS.filter((k) => registry.names(k).length > 0), ...(registry.names('noise').length > 0 ? ['noise'] : [])])];
  return `uses is kind/name with kind one of ${kinds.join(', ')}${guess !== undefined ? `; did you mean ${guess}?` : ''}`;
}

/**
 * Turns ajv's errors into `SiaError`s that say where (file:line:column or the `--set`), the
 * path, and what was expected; collapses alternatives (`oneOf`) into one message and drops
 * errors that only repeat another.
 */
export function schemaErrors(errors: readonly ErrorObject[], data: unknown, registry: PluginRegistry, where: Where): SiaError[] {
  // Errors inside a non-discriminated oneOf/anyOf are replaced by the alternative's one message.
  const groups = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const inGroup = (e: ErrorObject): boolean => groups.some((g) => g !== e && e.schemaPath.startsWith(`${g.schemaPath}/`));
  const at = new Set(errors.map((e) => e.instancePath));
  const out: SiaError[] = [];
  for (const e of errors) {
    if (inGroup(e) || e.keyword === 'if') continue;
    const path = pointerToPath(e.instancePath, data);
    const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
    const p = e.params as Record<string, unknown>;
    const kind = typeof parent[KIND_KEYWORD] === 'string' ? (parent[KIND_KEYWORD] as string) : undefined;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(p.additionalProperty);
        const allowed = Object.keys((parent.properties ?? {}) as object);
        out.push(
          siaError('schema/unknown-key', `unknown key "${key}"`, {
            ...where([...path, key], 'key'),
            hint: allowed.length > 0 ? knownNamesHint(key, allowed, 'expected one of') : 'no keys are allowed here',
          }),
        );
        break;
      }
      case 'required': {
        const key = String(p.missingProperty);
        // A choice's missing tag (`type`, `uses`) is reported once, by its discriminator error.
        if (kind !== undefined && (parent.discriminator as { propertyName?: string } | undefined)?.propertyName === key) break;
        const what = isOptionPath(path) ? 'option' : 'key';
        const props = (parent.properties ?? {}) as Record<string, unknown>;
        const desc = (props[key] as { description?: unknown } | undefined)?.description;
        out.push(
          siaError('schema/invalid', `missing required ${what} "${key}"`, {
            ...where([...path, key], 'key'),
            hint: `expected ${expected(props[key])}${typeof desc === 'string' ? `: ${desc}` : ''}`,
          }),
        );
        break;
      }
      case 'discriminator': {
        const tag = String(p.tag);
        const value = p.tagValue;
        const known = kind === 'stage' ? usablePlugins(registry.list()).map(usesOf) : registry.names(kind as ComponentKind);
        if (p.error === 'mapping' && typeof value === 'string') {
          const hint = kind === 'stage' ? usesHint(value, registry) : knownNamesHint(value, known, `known ${pluralKind(kind ?? 'plugin')}`);
          const what = kind === 'stage' ? `unknown plugin "${value}" in uses` : `unknown ${kind} "${value}"`;
          out.push(siaError('schema/unknown-plugin', what, { ...where([...path, tag], 'value'), hint }));
        } else if (value === undefined) {
          const what = kind === 'stage' ? 'which plugin runs this stage' : `which ${kind} to use`;
          out.push(siaError('schema/invalid', `missing "${tag}": ${what}`, { ...where([...path, tag], 'key'), hint: knownNamesHint('', known, 'known') }));
        } else if (!at.has(`${e.instancePath}/${tag}`)) {
          out.push(siaError('schema/invalid', `"${tag}" must be a string naming a plugin, got ${describeValue(value)}`, { ...where([...path, tag], 'value') }));
        }
        break;
      }
      case NONE_KEYWORD:
        out.push(siaError('schema/unknown-plugin', `no ${kind ?? 'matching'} plugins are registered`, { ...where(path, 'value') }));
        break;
      case 'type': {
        if (kind !== undefined && kind !== 'stage') {
          const names = registry.names(kind as ComponentKind);
          const example = typeof e.data === 'string' && names.includes(e.data) ? e.data : (names[0] ?? 'name');
          out.push(
            siaError('schema/invalid', `must be ${article(kind)} given as a map, e.g. { type: ${example} }, got ${describeValue(e.data)}`, {
              ...where(path, 'value'),
              hint: knownNamesHint(typeof e.data === 'string' ? e.data : '', names, `known ${pluralKind(kind)}`),
            }),
          );
        } else if (path.length === 0) {
          out.push(siaError('schema/invalid', `a pipeline must be a YAML map with at least name and stages, got ${describeValue(e.data)}`, { ...where(path, 'value') }));
        } else {
          out.push(siaError('schema/invalid', `must be ${expected(parent)}, got ${describeValue(e.data)}`, { ...where(path, 'value') }));
        }
        break;
      }
      case 'oneOf':
      case 'anyOf': {
        const alts = (Array.isArray(e.schema) ? e.schema : []).map(expected);
        out.push(siaError('schema/invalid', `must be ${[...new Set(alts)].join(' or ')}, got ${describeValue(e.data)}`, { ...where(path, 'value') }));
        break;
      }
      case 'enum': {
        const values = (e.schema as unknown[]).map(String);
        out.push(
          siaError('schema/invalid', `must be one of ${values.join(', ')}, got ${describeValue(e.data)}`, {
            ...where(path, 'value'),
            hint: typeof e.data === 'string' && closest(e.data, values) !== undefined ? `did you mean ${closest(e.data, values)}?` : undefined,
          }),
        );
        break;
      }
      case 'pattern': {
        const phrase = typeof parent[EXPECTED_KEYWORD] === 'string' ? (parent[EXPECTED_KEYWORD] as string) : `text matching /${String(p.pattern)}/`;
        out.push(siaError('schema/invalid', `must be ${phrase}, got ${describeValue(e.data)}`, { ...where(path, 'value') }));
        break;
      }
      case 'minProperties': {
        const n = Number(p.limit);
        out.push(siaError('schema/invalid', `must have at least ${n} ${n === 1 ? 'entry' : 'entries'}${path.join('.') === 'stages' ? ' (a pipeline needs a stage)' : ''}`, { ...where(path, 'value') }));
        break;
      }
      default:
        // ajv's own messages for limits read well already: "must be > 0", "must NOT have fewer than 1 items".
        out.push(siaError('schema/invalid', `${e.message ?? 'is invalid'}, got ${describeValue(e.data)}`, { ...where(path, 'value') }));
    }
  }
  return dedupe(out);
}

function dedupe(errors: SiaError[]): SiaError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.code}|${e.path}|${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
