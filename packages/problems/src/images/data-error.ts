/**
 * A problem with input data (a missing folder, a file that is not a valid PNG, images of mixed
 * sizes, an image above the size limit, a malformed text-art file). It carries the stable code
 * `data/invalid` so the engine can turn it into a SiaError and the CLI into exit code 2.
 */
export class DataError extends Error {
  readonly code = 'data/invalid' as const;
  /** The file or folder the error is about, when there is one. */
  readonly file: string | undefined;
  /** 1-based line in `file`, for text data. */
  readonly line: number | undefined;

  constructor(message: string, where: { file?: string; line?: number } = {}) {
    super(message);
    this.name = 'DataError';
    this.file = where.file;
    this.line = where.line;
  }
}

/** True for a `DataError` (or anything else carrying code `data/invalid`, e.g. from another copy of this module). */
export function isDataError(e: unknown): e is DataError {
  return e instanceof DataError || (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'data/invalid');
}
