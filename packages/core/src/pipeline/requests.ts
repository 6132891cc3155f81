import { isScalar, isSeq, type Node } from 'yaml';
import { err, ok, type Result } from 'neverthrow';
import { siaError, type SiaError } from '../errors.js';
import { locate } from './locate.js';
import type { PipelineSource } from './source.js';

/** One entry of a pipeline's `plugins:` list, with where it was written. */
export interface PluginRequest {
  /** As written: a path relative to the pipeline file (`./my-plugin.js`) or a package name. */
  readonly specifier: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `plugins[0]` */
  readonly path: string;
}

/**
 * The `plugins:` list, read straight from the parsed YAML before any validation: the CLI must
 * import these modules (and register their plugins) before the schema can be assembled.
 * Absent means none. Entries must be non-empty strings.
 */
export function pipelinePluginRequests(source: PipelineSource): Result<PluginRequest[], SiaError[]> {
  const { document: doc, lineCounter: lc, file } = source;
  const node = doc.getIn(['plugins'], true) as Node | null | undefined;
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return ok([]);
  const at = (path: (string | number)[]) => {
    const pos = locate(doc, lc, path, 'value');
    return { file, line: pos?.line ?? 1, column: pos?.column ?? 1 };
  };
  if (!isSeq(node)) {
    return err([siaError('schema/invalid', 'plugins must be a list of module paths or package names', { ...at(['plugins']), path: 'plugins' })]);
  }
  const requests: PluginRequest[] = [];
  const errors: SiaError[] = [];
  node.items.forEach((item, i) => {
    const path = `plugins[${i}]`;
    const where = at(['plugins', i]);
    const value = isScalar(item) ? item.value : undefined;
    if (typeof value !== 'string' || value.trim().length === 0) {
      errors.push(siaError('schema/invalid', 'a plugins entry must be a non-empty string (a relative path or a package name)', { ...where, path }));
    } else {
      requests.push({ specifier: value.trim(), ...where, path });
    }
  });
  return errors.length > 0 ? err(errors) : ok(requests);
}
