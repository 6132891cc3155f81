import { Resvg } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { chartWorker } from './chart-worker.js';
import { fontFile, textWidth, type FontWeight } from './font.js';

type VegaModule = typeof Vega;
type VegaLiteModule = typeof import('vega-lite');

let libraries: Promise<{ readonly vega: VegaModule; readonly vegaLite: VegaLiteModule }> | undefined;

/**
 * vega and vega-lite, imported on first use (about 0.3 s of module loading: a run that draws no
 * chart, `sia validate`, or a thread that hands its charts to `startChartWorker`'s worker never
 * pays it), with vega's text measurement set to the bundled font (`useFontMetrics`).
 */
export function vegaLibraries(): Promise<{ readonly vega: VegaModule; readonly vegaLite: VegaLiteModule }> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    installFontMetrics(vega);
    return { vega, vegaLite };
  });
  return libraries;
}

/** Pixels of the PNG per unit of the SVG: 2 for sharp pictures on high-density screens. */
export const PNG_SCALE = 2;

/** A rendered chart: the SVG text and the PNG bytes at `PNG_SCALE`. */
export interface RenderedChart {
  readonly svg: string;
  readonly png: Uint8Array;
}

/** Vega's text items carry font, size and weight; the width is measured with the bundled font. */
interface TextItem {
  readonly fontSize?: number | string;
  readonly fontWeight?: string | number;
  readonly limit?: number;
}

function weightOf(item: TextItem): FontWeight {
  const w = item.fontWeight;
  return w === 'bold' || w === 'bolder' || (typeof w === 'number' && w >= 600) || (typeof w === 'string' && Number(w) >= 600) ? 'bold' : 'normal';
}

/**
 * Points vega's text measurement at the bundled font's metrics (vega offers `textMetrics.width`
 * for exactly this: without a canvas it would guess 0.8 em per character). Layout, label
 * overlap and title space then match what resvg draws.
 */
function installFontMetrics(vega: VegaModule): void {
  // vega exports vega-scenegraph's textMetrics at run time; its typings leave it out.
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const line = text == null ? '' : String(text).trim();
    return size <= 0 || line === '' ? 0 : textWidth(line, size, weightOf(item));
  };
}

/** Loads vega with the bundled font's text metrics (`vegaLibraries`); for code that runs its own vega views. Idempotent. */
export async function useFontMetrics(): Promise<void> {
  await vegaLibraries();
}

/** The most pixels a chart's PNG may have: a 4,000 x 4,000 px picture at 2x is far beyond any figure. */
export const MAX_PNG_PIXELS = 64e6;

/** The width and height of an SVG's root element, in pixels (undefined when it has none). */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  const width = Number(/\swidth="([0-9.e+]+)"/.exec(root ?? '')?.[1]);
  const height = Number(/\sheight="([0-9.e+]+)"/.exec(root ?? '')?.[1]);
  return Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * Renders an SVG to PNG bytes at `scale` with resvg, using only the bundled font files (no system
 * fonts), so the same SVG gives the same bytes on every machine.
 */
export function svgToPng(svg: string, scale: number = PNG_SCALE): Uint8Array {
  const size = svgSize(svg);
  if (size === undefined || !(size.width * size.height * scale * scale <= MAX_PNG_PIXELS)) {
    const what = size === undefined ? 'has no width and height' : `is ${Math.round(size.width)} x ${Math.round(size.height)} px`;
    throw new Error(`a chart ${what}: more than ${MAX_PNG_PIXELS / 1e6} megapixels at ${scale}x, refused (a layout bug, not a picture)`);
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: [fontFile('normal'), fontFile('bold')], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** Compiles a Vega-Lite spec to a Vega spec (throws on an invalid one). */
export async function toVega(spec: object): Promise<Vega.Spec> {
  const { vegaLite } = await vegaLibraries();
  return vegaLite.compile(spec as TopLevelSpec).spec as Vega.Spec;
}

/**
 * Vega names clip paths from a counter that runs for the life of the process (`clip1`, `clip7`,
 * ...), so the same chart rendered twice would differ; they are renumbered from 1 in order of
 * appearance.
 */
function numberClips(svg: string): string {
  const ids = new Map<string, number>();
  return svg.replace(/\bclip(\d+)\b/g, (_, n: string) => {
    let k = ids.get(n);
    if (k === undefined) ids.set(n, (k = ids.size + 1));
    return `clip${k}`;
  });
}

/** Layers named with this prefix only draw in answer to the pointer or a moved control. */
export const INTERACTIVE_PREFIX = 'interactive_';

/**
 * The spec as it looks before anyone touches it: layers named `interactive_*` (hover rules and
 * points, smoothed lines while the smoothing slider is at 0) draw nothing then, but would cost
 * the static render thousands of invisible elements (a hover rule per epoch, its voronoi cells),
 * so they are left out of it. Everything else, params and their defaults included, stays.
 */
export function staticSpec(spec: object): object {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'layer' && Array.isArray(v)) {
        out[k] = v.filter((l) => !(typeof (l as { name?: unknown }).name === 'string' && (l as { name: string }).name.startsWith(INTERACTIVE_PREFIX))).map(strip);
      } else if (k === 'vconcat' || k === 'hconcat' || k === 'concat' || k === 'spec') out[k] = strip(v);
      else out[k] = v;
    }
    return out;
  };
  return strip(spec) as object;
}

/**
 * Renders a Vega-Lite spec headless: compiled with vega-lite, run by a vega View without a
 * renderer (`renderer: 'none'`), exported with `toSVG()`, then drawn to a 2x PNG by resvg. Every
 * param keeps its default, so the pictures show the plain chart (`staticSpec`). With a chart
 * worker started (`startChartWorker`) it runs there, with the same code and so the same bytes;
 * should the worker fail, here.
 */
export async function renderChart(spec: object): Promise<RenderedChart> {
  const worker = chartWorker();
  if (worker !== undefined) {
    const drawn = await worker.render(spec);
    if (drawn !== undefined) return drawn;
  }
  return renderChartHere(spec);
}

/** `renderChart` on this thread. */
export async function renderChartHere(spec: object): Promise<RenderedChart> {
  const { vega } = await vegaLibraries();
  const view = new vega.View(vega.parse(await toVega(staticSpec(spec))), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = numberClips(await view.toSVG());
    return { svg, png: svgToPng(svg) };
  } finally {
    view.finalize();
  }
}

/** A spec as the text of a `.vl.json` file: indented, keys in the order the builders wrote them. */
export function specJson(spec: object): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
