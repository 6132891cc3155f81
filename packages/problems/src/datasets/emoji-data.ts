import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DataError } from '../images/data-error.js';

/** Height and width of every face. */
export const EMOJI_SHAPE: readonly [20, 20] = [20, 20];

/** Faces parsed from the text-art file: one label and 400 pixel values (1 = ink) per face. */
export interface EmojiFaces {
  readonly labels: string[];
  readonly images: Float64Array[];
  readonly shape: readonly [number, number];
}

/**
 * Parses emoji text art (format documented at the top of `src/data/emoji.txt`): `;` comments and
 * blank lines are skipped; `face <label>` starts a face; then exactly 20 rows of 20 characters,
 * '#' = ink (1) and '.' = paper (0). Any other line, a short or long row, a face with too few
 * rows, a duplicate label or an empty file is a `DataError` naming the file and line.
 */
export function parseEmojiFaces(text: string, file = 'emoji.txt'): EmojiFaces {
  const [h, w] = EMOJI_SHAPE;
  const labels: string[] = [];
  const images: Float64Array[] = [];
  let current: { label: string; line: number; rows: number } | undefined;
  const fail = (line: number, message: string): never => {
    throw new DataError(`${file}:${line}: ${message}`, { file, line });
  };
  const finish = (): void => {
    if (current && current.rows !== h) fail(current.line, `face '${current.label}' has ${current.rows} rows, expected ${h}`);
    current = undefined;
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trimEnd();
    if (line === '' || line.startsWith(';')) return;
    const header = /^face\s+(\S+)$/.exec(line);
    if (header) {
      finish();
      const label = header[1]!;
      if (labels.includes(label)) fail(n, `face '${label}' is defined twice`);
      labels.push(label);
      images.push(new Float64Array(h * w));
      current = { label, line: n, rows: 0 };
      return;
    }
    if (!current) return fail(n, `expected 'face <label>' or a ';' comment, found '${line.slice(0, 30)}'`);
    if (current.rows === h) return fail(n, `face '${current.label}' has more than ${h} rows`);
    if (line.length !== w) return fail(n, `row ${current.rows + 1} of face '${current.label}' has ${line.length} characters, expected ${w}`);
    const bad = line.search(/[^#.]/);
    if (bad >= 0) return fail(n, `unexpected '${line[bad]}' in face '${current.label}' (only '#' and '.')`);
    const img = images[images.length - 1]!;
    for (let c = 0; c < w; c++) img[current.rows * w + c] = line[c] === '#' ? 1 : 0;
    current.rows++;
  });
  finish();
  if (labels.length === 0) throw new DataError(`${file}: no faces found`, { file });
  return { labels, images, shape: EMOJI_SHAPE };
}

/**
 * Where the shipped art lives, relative to this module. From `src/datasets/` it is
 * `src/data/emoji.txt`; tsc does not copy text files, so from `dist/datasets/` the file is read
 * from the package's `src/data/` (package.json must ship `src/data`), unless a build step has
 * copied it to `dist/data/`. One file stays the single source of the faces.
 */
const CANDIDATES = ['../data/emoji.txt', '../../src/data/emoji.txt'];

/** Path of the shipped emoji text art. */
export function emojiFile(): string {
  for (const rel of CANDIDATES) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new DataError(`emoji.txt not found next to ${fileURLToPath(import.meta.url)} (looked in ${CANDIDATES.join(', ')})`);
}

/** The shipped faces: smile, surprise, sunglasses, wink, angry, happy, emotionless, dead. */
export function loadEmojiFaces(): EmojiFaces {
  const file = emojiFile();
  return parseEmojiFaces(readFileSync(file, 'utf8'), file);
}
