import { FONT_STACK } from './font.js';
import { SERIES, hex, INK, LIGHT, MUTED } from './palette.js';

/** The Vega-Lite `$schema` every chart names. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Width of a chart's plot area in pixels (the PNG is twice as wide). */
export const PLOT_WIDTH = 640;
/** Height of a chart's plot area in pixels. */
export const PLOT_HEIGHT = 360;

/**
 * The Vega-Lite `config` of every chart: the bundled font, the palette of the pixel figures
 * (Okabe-Ito series colours, INK text and axes), round (`nice`) scales, titles anchored at the
 * start so a long title widens the picture instead of running off it.
 */
export function chartConfig(): Record<string, unknown> {
  return {
    font: FONT_STACK,
    background: 'white',
    padding: 12,
    view: { stroke: null },
    title: { fontSize: 16, fontWeight: 'bold', color: hex(INK), anchor: 'start', offset: 12, subtitleFontSize: 12, subtitleColor: hex(MUTED), subtitlePadding: 6 },
    axis: {
      domainColor: hex(INK),
      tickColor: hex(INK),
      labelColor: hex(MUTED),
      titleColor: hex(INK),
      labelFontSize: 12,
      titleFontSize: 13,
      titleFontWeight: 'normal',
      gridColor: hex(LIGHT),
      gridOpacity: 0.6,
      labelOverlap: true,
    },
    legend: { labelFontSize: 12, titleFontSize: 12, labelColor: hex(INK), titleColor: hex(INK), labelLimit: 320 },
    header: { labelFontSize: 13, titleFontSize: 14, labelColor: hex(INK) },
    scale: { zero: false },
    range: { category: SERIES.map(hex) },
    line: { strokeWidth: 2 },
    point: { filled: true, size: 36 },
    text: { color: hex(INK), fontSize: 12 },
  };
}
