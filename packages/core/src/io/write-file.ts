import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** A file sia could not write: names the file, keeps the system's reason (disk full, permissions). */
export class FileWriteError extends Error {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    super(`cannot write ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'FileWriteError';
    this.path = path;
  }
}

/**
 * Writes a whole file or nothing, as git and SQLite do: the data goes to a temporary file in the
 * same folder, is flushed to disk (fsync), and is renamed over `path`; a failure removes the
 * temporary file and leaves any earlier `path` untouched. Creates missing folders. Throws a
 * `FileWriteError` naming `path`. (write-file-atomic does the temporary name, fsync, rename and
 * clean-up, also on a signal.)
 */
export function writeFileWhole(path: string, data: string | Uint8Array): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const bytes = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    writeFileAtomic.sync(path, bytes);
  } catch (e) {
    throw new FileWriteError(path, e);
  }
}
