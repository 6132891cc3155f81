/**
 * The small palette every figure draws with (pixel mosaics and charts alike), so the pictures of
 * a run look like one set. Series colours follow the Okabe-Ito palette (distinct for colour-blind readers too).
 */

/** An RGB colour, each channel 0-255. */
export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];
/** Text and axes. */
export const INK: Rgb = [34, 34, 34];
/** Secondary text (tick labels, captions). */
export const MUTED: Rgb = [96, 96, 96];
/** Grid lines and frames around images. */
export const LIGHT: Rgb = [215, 215, 215];
/** Background points and faint marks. */
export const FAINT: Rgb = [190, 190, 190];
/** Marks what is wrong (wrong pixels, failed items). */
export const WRONG: Rgb = [214, 39, 40];
/** Marks what is right. */
export const RIGHT: Rgb = [0, 128, 60];

/** Colours for series and groups, in order of use. */
export const SERIES: readonly Rgb[] = [
  [0, 114, 178], // blue
  [213, 94, 0], // vermilion
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
  [230, 159, 0], // orange
  [86, 180, 233], // sky blue
  [120, 120, 120], // grey
  [240, 228, 66], // yellow (last: weak on white)
];

/** The i-th series colour, cycling. */
export function seriesColor(i: number): Rgb {
  return SERIES[((i % SERIES.length) + SERIES.length) % SERIES.length]!;
}

/** Linear mix of two colours: t = 0 gives a, t = 1 gives b. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}

/** A colour as CSS hex, `#rrggbb`. */
export function hex(c: Rgb): string {
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
