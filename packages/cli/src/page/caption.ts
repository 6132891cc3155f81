import type { StageRecord } from '@sia/core';
import { SMOOTHING_WINDOWS } from '@sia/figures';
import type { StageFigure } from './stage-figures.js';

/** A figure's caption: a short title and sentences in words. */
export interface Caption {
  readonly title: string;
  readonly text: string;
}

/** `plane/latent-scatter` -> `Latent scatter`. */
function words(base: string): string {
  const name = (base.split('/').pop() ?? base).replace(/[-_.]+/g, ' ').trim();
  return name.length > 0 ? name[0]!.toUpperCase() + name.slice(1) : base;
}

/** A sentence ending in one full stop. */
const sentence = (s: string): string => s.trim().replace(/[.\s]*$/, '.');

/** A plugin description without its list of files, e.g. "(latent.png, latent.svg, codes.json)". */
const withoutFiles = (s: string): string => s.replace(/\s*\([^()]*\.(png|svg|json|csv)\b[^()]*\)/gi, '');

/** Every param name in a Vega-Lite spec, at any depth (layers and concatenated views hold their own). */
export function specParams(spec: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(spec)) for (const x of spec) specParams(x, into);
  else if (typeof spec === 'object' && spec !== null) {
    for (const [k, v] of Object.entries(spec)) {
      if (k === 'params' && Array.isArray(v)) for (const p of v) if (typeof (p as { name?: unknown }).name === 'string') into.add((p as { name: string }).name);
      if (k !== 'data') specParams(v, into);
    }
  }
  return into;
}

function titleOf(spec: Record<string, unknown> | undefined): { text?: string; subtitle?: string } {
  const t = spec?.title;
  if (typeof t === 'string') return { text: t };
  if (typeof t !== 'object' || t === null) return {};
  const { text, subtitle } = t as { text?: unknown; subtitle?: unknown };
  const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : Array.isArray(x) ? x.join(' ') : undefined);
  const out: { text?: string; subtitle?: string } = {};
  const a = str(text), b = str(subtitle);
  if (a !== undefined) out.text = a;
  if (b !== undefined) out.subtitle = b;
  return out;
}

/** What a reader can do with a chart, from the params it has. */
function howTo(spec: Record<string, unknown>): string {
  const params = specParams(spec);
  const parts: string[] = [];
  if (params.has('zoom')) parts.push('drag to pan and scroll to zoom along the epochs (double-click resets)');
  parts.push('hover for the values');
  if (params.has('logY')) parts.push('switch the loss axis between linear and log');
  if (params.has('smooth')) {
    const widths = SMOOTHING_WINDOWS.slice(1);
    parts.push(`the smoothing slider draws a centred moving mean over ±${widths[0]} to ±${widths[widths.length - 1]} points on top of the faded raw curves`);
  }
  const vconcat = spec.vconcat;
  if (Array.isArray(vconcat) && vconcat.length > 1 && params.has('logY')) parts.push('the lower panel is the learning rate each epoch trained with (its schedule), on the same zoomed epochs');
  const text = parts.join('; ');
  return sentence(text[0]!.toUpperCase() + text.slice(1));
}

/**
 * A figure's caption in words: its title (the chart's own, else the file's name), what it shows
 * (the drawing stage's description, or for the page's own chart of a history.csv, which stage
 * trained), the chart's subtitle (it says when a long history was drawn from fewer points), and
 * how to use an interactive chart.
 */
export function figureCaption(stage: Pick<StageRecord, 'id' | 'uses' | 'description'>, figure: Pick<StageFigure, 'base' | 'spec' | 'fromHistory'>): Caption {
  const { text, subtitle } = titleOf(figure.spec);
  const title = text ?? words(figure.base);
  const parts: string[] = [];
  if (figure.fromHistory === true) parts.push(`The training curves of stage ${stage.id} (${stage.uses}) per epoch, read from its history.csv (no loss-curve stage draws this model).`);
  else {
    const what = stage.description !== undefined ? withoutFiles(stage.description) : '';
    parts.push(what.length > 0 ? `Stage ${stage.id} (${stage.uses}): ${sentence(what)}` : `Stage ${stage.id} (${stage.uses}).`);
  }
  if (subtitle !== undefined && subtitle.length > 0) parts.push(sentence(subtitle[0]!.toUpperCase() + subtitle.slice(1)));
  if (figure.spec !== undefined) parts.push(howTo(figure.spec));
  return { title, text: parts.join(' ') };
}
