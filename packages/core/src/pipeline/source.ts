import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, isCollection, isPair, parseDocument, type Document } from 'yaml';
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

/** Bounds on a pipeline file, checked before anything else looks at it. */
export const PIPELINE_LIMITS = Object.freeze({ bytes: 1_000_000, nodes: 100_000, depth: 64 });

/**
 * The first node past the limits (nesting deeper than `depth`, or more than `nodes` nodes), as
 * a message and an offset; walked without recursion, so no input can overflow the stack.
 */
function overLimits(document: Document.Parsed): { message: string; offset: number } | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 1 }];
  let count = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    count++;
    const offset = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
    if (count > PIPELINE_LIMITS.nodes) return { message: `the pipeline has more than ${PIPELINE_LIMITS.nodes.toLocaleString('en-US')} values; that is not a pipeline`, offset };
    if (depth > PIPELINE_LIMITS.depth) return { message: `values nested more than ${PIPELINE_LIMITS.depth} levels deep`, offset };
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push({ node: item.key, depth: depth + 1 });
          stack.push({ node: item.value, depth: depth + 1 });
        } else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** Parses pipeline text that did not come from a file (tests, stdin). */
export function parsePipelineText(file: string, text: string): Result<PipelineSource, SiaError[]> {
  if (text.length > PIPELINE_LIMITS.bytes) {
    const mb = (text.length / 1e6).toFixed(1);
    return err([siaError('yaml/parse', `the pipeline file holds ${mb} million characters; at most ${PIPELINE_LIMITS.bytes / 1e6} million are read`, { file, line: 1, column: 1 })]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  if (document.errors.length > 0) {
    return err(
      document.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        // yaml's messages are complete sentences; drop its own position suffix if any.
        const message = e.message.replace(/ at line \d+, column \d+.*$/s, '');
        if (/Maximum call stack/.test(message)) return siaError('yaml/parse', `values nested too deeply to read (at most ${PIPELINE_LIMITS.depth} levels)`, { file, line, column: col });
        return siaError('yaml/parse', `YAML syntax error: ${message}`, { file, line, column: col });
      }),
    );
  }
  const over = overLimits(document);
  if (over !== undefined) {
    const { line, col } = lineCounter.linePos(over.offset);
    return err([siaError('yaml/parse', over.message, { file, line, column: col })]);
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
