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
  | 'graph/unknown-port'
  | 'graph/missing-input'
  | 'plugin/duplicate'
  | 'plugin/load-failed'
  | 'plugin/invalid'
  | 'cli/bad-set'
  | 'cli/usage'
  | 'sweep/invalid'
  | 'data/invalid'
  | 'model/invalid'
  | 'run/diverged'
  | 'run/failed'
  | 'run/interrupted';

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
  /**
   * The command-line override the offending value came from (`--set a.b=1`, `--seed 2`),
   * given instead of a line and column: the value is not in the file.
   */
  readonly set?: string;
}

/** Errors in the input (exit code 2) versus failures while running (exit code 1). */
export function isRunFailure(e: SiaError): boolean {
  return e.code === 'run/diverged' || e.code === 'run/failed' || e.code === 'run/interrupted' || e.code === 'io/write-failed';
}

export function siaError(code: SiaErrorCode, message: string, extra: Omit<SiaError, 'code' | 'message'> = {}): SiaError {
  return { code, message, ...extra };
}

/** `file:line:column: path: message (hint)` — the one line a user sees. */
export function formatError(e: SiaError): string {
  let where = '';
  if (e.file) where = e.line ? `${e.file}:${e.line}:${e.column ?? 1}` : e.file;
  if (e.set) where = where ? `${where} (${e.set})` : e.set;
  const parts = [where, e.path ? `at ${e.path}` : '', e.stage && !e.path ? `stage ${e.stage}` : '']
    .filter((s) => s.length > 0)
    .join(' ');
  const head = parts ? `${parts}: ` : '';
  return `${head}${e.message}${e.hint ? ` (${e.hint})` : ''} [${e.code}]`;
}

/**
 * Thrown by a stage (typically a trainer) to stop the run with a clear message: `run/diverged`
 * when the loss becomes NaN or infinite, `run/failed` for anything else it can explain.
 * The engine catches it and returns it as a `SiaError` naming the stage. Lives here rather than
 * under `pipeline/` so that `train/` can throw it without importing rightwards.
 */
export class StageFailure extends Error {
  readonly code: 'run/diverged' | 'run/failed' | 'run/interrupted';
  /** Epoch at which training stopped, when it applies. */
  readonly epoch?: number;

  constructor(code: 'run/diverged' | 'run/failed' | 'run/interrupted', message: string, options: { epoch?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StageFailure';
    this.code = code;
    if (options.epoch !== undefined) this.epoch = options.epoch;
  }
}
