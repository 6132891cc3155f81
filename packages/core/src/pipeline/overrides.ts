import { isSeq, parseDocument, type Document } from 'yaml';
import { err, ok, type Result } from 'neverthrow';
import { siaError, type SiaError } from '../errors.js';
import { formatPath, type DocPath } from './locate.js';

/** One applied `--set`: its path, to attribute later errors to it rather than to a line. */
export interface AppliedSet {
  readonly path: DocPath;
  /** `--set stages.model.with.epochs=0` as the user typed it. */
  readonly label: string;
}

/** Items of the list at `path` in `doc` (0 when it is missing or not a list). */
function listLength(doc: Document, path: readonly (string | number)[]): number {
  const node = doc.getIn(path, true) as { items?: unknown[] } | undefined;
  return isSeq(node) ? node.items.length : 0;
}

/** `a.b[1].c` or `a.b.1.c` -> `['a', 'b', 1, 'c']`; undefined when malformed. */
export function parseSetPath(text: string): (string | number)[] | undefined {
  if (text.trim().length === 0) return undefined;
  const out: (string | number)[] = [];
  for (const part of text.trim().split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (m === null) return undefined;
    const [, key, indexes] = m;
    if (key.length === 0 && indexes.length === 0) return undefined;
    if (key.length > 0) out.push(/^\d+$/.test(key) && out.length > 0 ? Number(key) : key);
    for (const idx of indexes.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/**
 * Applies `--set path=value` overrides to a copy of the parsed document, before validation, so
 * the result is checked exactly like the file. The value is YAML (`0.001`, `true`, `[8, 4]`,
 * `{type: adam}`, `hello`). A malformed override is `cli/bad-set`; all are reported together.
 */
export function applyOverrides(doc: Document.Parsed, overrides: readonly string[]): Result<{ document: Document; sets: AppliedSet[] }, SiaError[]> {
  const copy = doc.clone();
  const sets: AppliedSet[] = [];
  const errors: SiaError[] = [];
  for (const expr of overrides) {
    const label = `--set ${expr}`;
    const eq = expr.indexOf('=');
    if (eq < 0) {
      errors.push(siaError('cli/bad-set', `malformed ${label}: expected path=value, e.g. stages.model.with.epochs=50`, { set: label }));
      continue;
    }
    const path = parseSetPath(expr.slice(0, eq));
    if (path === undefined) {
      errors.push(siaError('cli/bad-set', `malformed ${label}: the path before = must be dotted keys, e.g. stages.model.with.epochs`, { set: label }));
      continue;
    }
    // A list index may name an item or the one after the last, never open a gap.
    const gap = path.findIndex((seg, j) => typeof seg === 'number' && seg > listLength(copy, path.slice(0, j)));
    if (gap >= 0) {
      const at = formatPath(path.slice(0, gap));
      errors.push(siaError('cli/bad-set', `cannot apply ${label}: ${at} has ${listLength(copy, path.slice(0, gap))} items, so index ${String(path[gap])} would leave a gap`, { set: label, path: at }));
      continue;
    }
    if (expr.length - eq > 100_000) {
      errors.push(siaError('cli/bad-set', `${label.slice(0, 40)}...: the value is longer than 100,000 characters`, { set: label.slice(0, 60) }));
      continue;
    }
    const valueDoc = parseDocument(expr.slice(eq + 1));
    if (valueDoc.errors.length > 0) {
      errors.push(siaError('cli/bad-set', `malformed ${label}: the value is not valid YAML (${valueDoc.errors[0].message.split('\n')[0]})`, { set: label }));
      continue;
    }
    try {
      copy.setIn(path, copy.createNode(valueDoc.toJS()));
      sets.push({ path, label });
    } catch {
      errors.push(siaError('cli/bad-set', `cannot apply ${label}: part of ${formatPath(path)} is not a map or list in the pipeline`, { set: label, path: formatPath(path) }));
    }
  }
  return errors.length > 0 ? err(errors) : ok({ document: copy, sets });
}

/** The last override whose path is a prefix of (or equal to) `path`: it supplied that value. */
export function setFor(sets: readonly AppliedSet[], path: DocPath): AppliedSet | undefined {
  for (let i = sets.length - 1; i >= 0; i--) {
    const s = sets[i].path;
    if (s.length <= path.length && s.every((seg, j) => String(seg) === String(path[j]))) return sets[i];
  }
  return undefined;
}
