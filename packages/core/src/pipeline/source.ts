import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { err, ok, type Result } from 'neverthrow';
import { siaError, type SiaError } from '../errors.js';

/** A pipeline file read and parsed, keeping node positions for error messages. */
export interface PipelineSource {
  /** The path as the user gave it (used in messages). */
  readonly file: string;
  readonly text: string;
  /** Parsed with `yaml`; nodes carry `range` offsets into `text`. */
  readonly document: Document.Parsed;
  /** Turns offsets into 1-based line and column. */
  readonly lineCounter: LineCounter;
  /** Absolute folder of the file: relative `plugins:` and option paths resolve from here. */
  readonly baseDir: string;
}

/** Parses pipeline text that did not come from a file (tests, stdin). */
export function parsePipelineText(file: string, text: string): Result<PipelineSource, SiaError[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  if (document.errors.length > 0) {
    return err(
      document.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        // yaml's messages are complete sentences; drop its own position suffix if any.
        const message = e.message.replace(/ at line \d+, column \d+.*$/s, '');
        return siaError('yaml/parse', `YAML syntax error: ${message}`, { file, line, column: col });
      }),
    );
  }
  return ok({ file, text, document, lineCounter, baseDir: dirname(resolve(file)) });
}

/**
 * Reads and parses a pipeline file. A missing file is `io/not-found`, any other read failure
 * (a folder, no permission) `io/unreadable`; every YAML syntax error is reported, each with its
 * line and column.
 */
export function readPipelineFile(file: string): Result<PipelineSource, SiaError[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return err([siaError('io/not-found', `pipeline file not found: ${file}`, { file })]);
    const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return err([siaError('io/unreadable', `cannot read pipeline file ${file}: ${why}`, { file })]);
  }
  return parsePipelineText(file, text);
}
