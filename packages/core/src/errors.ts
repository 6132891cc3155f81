/**
 * Errors are values at the boundaries (read, parse, load plugins, validate, check graph, run).
 * Each carries a stable `code` and, when it comes from a pipeline file, its location.
 */
export type SiaErrorCode =
  | 'io/not-found'
  | 'io/unreadable'
  | 'io/write-failed'
  | 'yaml/parse'
  | 'schema/invalid'
  | 'schema/unknown-key'
  | 'schema/unknown-plugin'
  | 'graph/unknown-input'
  | 'graph/cycle'
  | 'graph/type-mismatch'
  | 'plugin/duplicate'
  | 'plugin/load-failed'
  | 'cli/bad-set'
  | 'cli/usage'
  | 'data/invalid'
  | 'model/invalid'
  | 'run/diverged'
  | 'run/failed';

export interface SiaError {
  readonly code: SiaErrorCode;
  readonly message: string;
  /** Pipeline (or data) file the error is about, as given by the user. */
  readonly file?: string;
  /** 1-based line and column in `file`. */
  readonly line?: number;
  readonly column?: number;
  /** Path inside the document, e.g. `stages.model.with.optimizer.rate`. */
  readonly path?: string;
  /** Extra help: known names, the closest match, what was expected. */
  readonly hint?: string;
  /** Stage the error happened in (run errors). */
  readonly stage?: string;
}

/** Errors in the input (exit code 2) versus failures while running (exit code 1). */
export function isRunFailure(e: SiaError): boolean {
  return e.code === 'run/diverged' || e.code === 'run/failed' || e.code === 'io/write-failed';
}

export function siaError(code: SiaErrorCode, message: string, extra: Omit<SiaError, 'code' | 'message'> = {}): SiaError {
  return { code, message, ...extra };
}

/** `file:line:column: path: message (hint)` — the one line a user sees. */
export function formatError(e: SiaError): string {
  let where = '';
  if (e.file) where = e.line ? `${e.file}:${e.line}:${e.column ?? 1}` : e.file;
  const parts = [where, e.path ? `at ${e.path}` : '', e.stage && !e.path ? `stage ${e.stage}` : '']
    .filter((s) => s.length > 0)
    .join(' ');
  const head = parts ? `${parts}: ` : '';
  return `${head}${e.message}${e.hint ? ` (${e.hint})` : ''} [${e.code}]`;
}
