import type { Mosaic } from './mosaic.js';
import { renderChart, specJson, svgToPng } from './render.js';

/** The files of one figure, keyed by extension: `svg` and `png`, and `vl.json` for a chart. */
export interface FigureFiles {
  readonly svg: string;
  readonly png: Uint8Array;
  /** The Vega-Lite spec with its data inline (charts only). */
  readonly 'vl.json'?: string;
}

/** A chart's three files: the rendered SVG and 2x PNG, and the interactive spec itself. */
export async function chartFiles(spec: object): Promise<FigureFiles> {
  const { svg, png } = await renderChart(spec);
  return { svg, png, 'vl.json': specJson(spec) };
}

/** A mosaic's two files: its SVG and that SVG drawn at 2x. */
export function mosaicFiles(mosaic: Mosaic): FigureFiles {
  const svg = mosaic.toSvg();
  return { svg, png: svgToPng(svg) };
}

/**
 * Writes a figure's files as `<base>.svg`, `<base>.png` (and `<base>.vl.json`) through `write`
 * (a stage's `ctx.writeFile`) and returns what `write` returned, PNG first, so the picture a
 * reader looks for comes first in a stage's file list.
 */
export function writeFigure<T>(write: (path: string, data: string | Uint8Array) => T, base: string, files: FigureFiles): T[] {
  const out = [write(`${base}.png`, files.png), write(`${base}.svg`, files.svg)];
  if (files['vl.json'] !== undefined) out.push(write(`${base}.vl.json`, files['vl.json']));
  return out;
}
