import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path inside the pipeline document: map keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

/** `stages.model.with.encoder[1]` */
export function formatPath(path: DocPath): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s.length > 0 ? `.${seg}` : seg;
  }
  return s;
}

/** Splits an ajv JSON pointer (`/stages/model/with/encoder/1`) into a path. */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Finds where a path sits in the YAML. `key` prefers the key of the last segment (unknown keys,
 * a stage's name); `value` prefers its value (bad values). A path that does not exist in the file
 * (a default, a missing key) points at the deepest part that does, at its key when it has one.
 */
export function locate(doc: Document, lc: LineCounter, path: DocPath, prefer: 'key' | 'value'): Position | undefined {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  let best: Node | undefined = (doc.contents ?? undefined) as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = path[i];
    let next: unknown;
    let nextKey: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (pair === undefined) break;
      next = pair.value;
      nextKey = pair.key as Node;
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
      if (next === undefined) break;
    } else break;
    node = next;
    keyNode = nextKey;
    const last = i === path.length - 1;
    const candidate = last && prefer === 'value' ? ((next as Node | null) ?? keyNode) : (keyNode ?? (next as Node | null));
    if (candidate?.range) best = candidate;
  }
  const offset = best?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}
