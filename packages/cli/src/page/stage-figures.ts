import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { PNG_SCALE } from '@sia/figures';

/** A PNG of a figure and the size to show it at (CSS pixels: its pixels over `PNG_SCALE`). */
export interface FigureImage {
  readonly file: string;
  readonly width?: number;
  readonly height?: number;
}

/** One figure of a stage: its Vega-Lite spec when there is one, and its pictures. */
export interface StageFigure {
  /** The file name without its extension (`loss/loss` for loss.svg, loss.png and loss.vl.json). */
  readonly base: string;
  /** A Vega-Lite spec (from `<base>.vl.json`, or drawn from the stage's history.csv). */
  readonly spec?: Record<string, unknown>;
  /** The figure's 2x PNG: the picture itself for a mosaic, the fallback under a chart. */
  readonly png?: FigureImage;
  /** The figure's SVG, linked (and shown when there is no PNG). */
  readonly svg?: string;
  /** The files to link under the figure (the spec's `.vl.json`, the SVG, history.csv). */
  readonly links: readonly string[];
  /** The figure is the page's own chart of a training stage's history.csv. */
  readonly fromHistory?: boolean;
  /** Why a `.vl.json` beside the figure could not be used. */
  readonly problem?: string;
}

/** What a stage wrote: figures, and every other file (models, CSV, JSON). */
export interface StageFiles {
  readonly figures: StageFigure[];
  readonly others: string[];
}

const SPEC = /\.vl\.json$/i;
const IMAGE = /\.(svg|png)$/i;
const baseOf = (file: string): string => file.replace(SPEC, '').replace(IMAGE, '');
const PNG_SIGNATURE = '89504e470d0a1a0a';

/**
 * A PNG's size in pixels from its header (the IHDR chunk: width and height as big-endian 32-bit
 * integers at bytes 16 and 20), or undefined when the file is not a readable PNG.
 */
export function pngSize(path: string): { width: number; height: number } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(24);
    if (readSync(fd, head, 0, 24, 0) < 24 || head.subarray(0, 8).toString('hex') !== PNG_SIGNATURE) return undefined;
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The PNG shown at its intended size: the figures package draws every PNG at `PNG_SCALE`. */
function image(outDir: string, file: string): FigureImage {
  const size = pngSize(join(outDir, file));
  if (size === undefined) return { file };
  return { file, width: Math.round(size.width / PNG_SCALE), height: Math.round(size.height / PNG_SCALE) };
}

function readSpec(outDir: string, file: string): { spec?: Record<string, unknown>; problem?: string } {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(outDir, file), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { spec: parsed as Record<string, unknown> };
    return { problem: `${file} is not a Vega-Lite spec (a JSON object); the picture shows the figure` };
  } catch (e) {
    return { problem: `${file} could not be read (${(e as Error).message}); the picture shows the figure` };
  }
}

/**
 * Groups a stage's files by figure: `<name>.vl.json`, `<name>.svg` and `<name>.png` are one
 * figure. A spec is read from the run folder now (the page inlines it: a page opened from
 * file:// may not fetch files); one that does not parse leaves the PNG in its place.
 */
export function stageFiles(outDir: string, files: readonly string[]): StageFiles {
  const figures: StageFigure[] = [];
  const others: string[] = [];
  const seen = new Set<string>();
  const has = (name: string): string | undefined => files.find((f) => f.toLowerCase() === name.toLowerCase());
  for (const file of files) {
    if (!SPEC.test(file) && !IMAGE.test(file)) {
      others.push(file);
      continue;
    }
    const base = baseOf(file);
    if (seen.has(base)) continue;
    seen.add(base);
    const specFile = has(`${base}.vl.json`);
    const png = has(`${base}.png`);
    const svg = has(`${base}.svg`);
    const read = specFile !== undefined ? readSpec(outDir, specFile) : {};
    figures.push({
      base,
      ...(read.spec !== undefined ? { spec: read.spec } : {}),
      ...(png !== undefined ? { png: image(outDir, png) } : {}),
      ...(svg !== undefined ? { svg } : {}),
      links: [png, svg, specFile].filter((f): f is string => f !== undefined),
      ...(read.problem !== undefined ? { problem: read.problem } : {}),
    });
  }
  return { figures, others };
}
