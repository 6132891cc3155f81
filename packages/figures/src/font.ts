import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The one font of every figure: DejaVu Sans (regular and bold), read from the `dejavu-fonts-ttf`
 * package. resvg draws the PNGs with exactly these files (system fonts off), and layout measures
 * text with their advance widths and kerning, so a label's box is the box resvg paints, the
 * same on every machine.
 */
export const FONT_FAMILY = 'DejaVu Sans';

/** The family list SVGs name: the bundled font first, then look-alikes and the generic fallback. */
export const FONT_STACK = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

/** Regular or bold. */
export type FontWeight = 'normal' | 'bold';

/** Advance widths and kerning of one TrueType font, in font units. */
interface FontMetrics {
  readonly unitsPerEm: number;
  readonly ascender: number;
  readonly descender: number;
  /** Code point -> glyph index. */
  readonly glyphs: Map<number, number>;
  readonly advances: Uint16Array;
  /** (left glyph << 16 | right glyph) -> kerning adjustment. */
  readonly kerning: Map<number, number>;
}

const require = createRequire(import.meta.url);

/** The absolute path of a bundled font file. */
export function fontFile(weight: FontWeight = 'normal'): string {
  return require.resolve(`dejavu-fonts-ttf/ttf/${weight === 'bold' ? 'DejaVuSans-Bold' : 'DejaVuSans'}.ttf`);
}

/**
 * Reads the tables layout needs from a TrueType file (Apple/OpenType spec): `head` (unitsPerEm),
 * `hhea` (ascender, descender, number of horizontal metrics), `hmtx` (advances), `cmap` format 4
 * (the Unicode BMP map) and `kern` format 0 (pair kerning).
 */
function parseFont(bytes: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  const count = bytes.readUInt16BE(4);
  for (let i = 0; i < count; i++) tables.set(bytes.toString('latin1', 12 + 16 * i, 16 + 16 * i), bytes.readUInt32BE(12 + 16 * i + 8));
  const at = (tag: string): number => {
    const o = tables.get(tag);
    if (o === undefined) throw new Error(`font: no '${tag}' table`);
    return o;
  };
  const head = at('head'), hhea = at('hhea'), hmtx = at('hmtx'), cmap = at('cmap');
  const unitsPerEm = bytes.readUInt16BE(head + 18);
  const ascender = bytes.readInt16BE(hhea + 4);
  const descender = bytes.readInt16BE(hhea + 6);
  const longMetrics = bytes.readUInt16BE(hhea + 34);
  const advances = new Uint16Array(longMetrics);
  for (let g = 0; g < longMetrics; g++) advances[g] = bytes.readUInt16BE(hmtx + 4 * g);

  const glyphs = new Map<number, number>();
  const subtables = bytes.readUInt16BE(cmap + 2);
  for (let s = 0; s < subtables; s++) {
    const platform = bytes.readUInt16BE(cmap + 4 + 8 * s);
    const encoding = bytes.readUInt16BE(cmap + 6 + 8 * s);
    const sub = cmap + bytes.readUInt32BE(cmap + 8 + 8 * s);
    if (platform !== 3 || encoding !== 1 || bytes.readUInt16BE(sub) !== 4) continue;
    const segments = bytes.readUInt16BE(sub + 6) / 2;
    const ends = sub + 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments, offsets = deltas + 2 * segments;
    for (let k = 0; k < segments; k++) {
      const end = bytes.readUInt16BE(ends + 2 * k), start = bytes.readUInt16BE(starts + 2 * k);
      const delta = bytes.readInt16BE(deltas + 2 * k), offset = bytes.readUInt16BE(offsets + 2 * k);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let g: number;
        if (offset === 0) g = (c + delta) & 0xffff;
        else {
          const raw = bytes.readUInt16BE(offsets + 2 * k + offset + 2 * (c - start));
          g = raw === 0 ? 0 : (raw + delta) & 0xffff;
        }
        if (g !== 0) glyphs.set(c, g);
      }
    }
    break;
  }

  const kerning = new Map<number, number>();
  const kern = tables.get('kern');
  if (kern !== undefined && bytes.readUInt16BE(kern) === 0) {
    let sub = kern + 4;
    for (let s = 0, n = bytes.readUInt16BE(kern + 2); s < n; s++) {
      const length = bytes.readUInt16BE(sub + 2), coverage = bytes.readUInt16BE(sub + 4);
      // Format 0, horizontal, not cross-stream: a sorted list of (left, right, value) pairs.
      if (coverage >> 8 === 0 && (coverage & 0x1) === 1 && (coverage & 0x4) === 0) {
        const pairs = bytes.readUInt16BE(sub + 6);
        for (let p = 0; p < pairs; p++) {
          const o = sub + 14 + 6 * p;
          kerning.set(bytes.readUInt16BE(o) * 65536 + bytes.readUInt16BE(o + 2), bytes.readInt16BE(o + 4));
        }
      }
      sub += length;
    }
  }
  return { unitsPerEm, ascender, descender, glyphs, advances, kerning };
}

const loaded = new Map<FontWeight, FontMetrics>();
function metrics(weight: FontWeight): FontMetrics {
  let m = loaded.get(weight);
  if (m === undefined) {
    m = parseFont(readFileSync(fontFile(weight)));
    loaded.set(weight, m);
  }
  return m;
}

/**
 * The width in pixels of one line of `text` at `size` pixels: the sum of the glyphs' advances
 * plus pair kerning, scaled by size / unitsPerEm. A character the font lacks counts as the
 * font's missing glyph (index 0).
 */
export function textWidth(text: string, size: number, weight: FontWeight = 'normal'): number {
  const m = metrics(weight);
  let units = 0;
  let previous = -1;
  for (const ch of text) {
    const g = m.glyphs.get(ch.codePointAt(0)!) ?? 0;
    units += m.advances[Math.min(g, m.advances.length - 1)]!;
    if (previous >= 0) units += m.kerning.get(previous * 65536 + g) ?? 0;
    previous = g;
  }
  return (units * size) / m.unitsPerEm;
}

/** Ascent and descent of the font at `size` pixels (the line box a text sits in). */
export function fontExtent(size: number, weight: FontWeight = 'normal'): { ascent: number; descent: number } {
  const m = metrics(weight);
  return { ascent: (m.ascender * size) / m.unitsPerEm, descent: (-m.descender * size) / m.unitsPerEm };
}
