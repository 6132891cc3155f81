import { PNG } from 'pngjs';
import { FONT_STACK, fontExtent, textWidth, type FontWeight } from './font.js';
import { hex, INK, type Rgb } from './palette.js';
import { Raster, type Box } from './raster.js';

/** How a text block sits on its anchor point. */
export interface TextOptions {
  /** Font size in pixels. Default 12. */
  readonly size?: number;
  readonly weight?: FontWeight;
  /** Horizontal anchor: the block's left edge, centre or right edge. Default 'left'. */
  readonly align?: 'left' | 'center' | 'right';
  /** Vertical anchor: the top of the first line, or the middle of the block. Default 'top'. */
  readonly valign?: 'top' | 'middle';
  /** Rotated 90 degrees counter-clockwise (reads bottom to top, for a y-axis title). */
  readonly vertical?: boolean;
}

/** Line height of a block of text, as a multiple of the font size. */
const LINE = 1.25;

interface Text {
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
  readonly color: Rgb;
  readonly size: number;
  readonly weight: FontWeight;
  readonly align: 'left' | 'center' | 'right';
  readonly vertical: boolean;
}

/** Width and height of a block of text ('\n' starts a line) at a size. */
export function blockSize(text: string, size = 12, weight: FontWeight = 'normal'): { width: number; height: number } {
  const lines = text.split('\n');
  const { ascent, descent } = fontExtent(size, weight);
  return { width: Math.max(0, ...lines.map((l) => textWidth(l, size, weight))), height: ascent + descent + (lines.length - 1) * LINE * size };
}

/**
 * Breaks `text` into lines of at most `width` pixels at spaces (a word longer than the width
 * keeps a line of its own), so a long title wraps inside the figure instead of widening it.
 */
export function wrapText(text: string, width: number, size = 12, weight: FontWeight = 'normal'): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(' ')) {
        const next = line === '' ? word : `${line} ${word}`;
        if (line !== '' && textWidth(next, size, weight) > width) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/**
 * A raster as PNG bytes (8-bit RGB, through pngjs), every row with PNG's Sub filter: a mosaic is
 * runs of equal pixels along each row, which Sub turns into zeros. pngjs's default tries all five
 * filters on every row and keeps the best; on the mosaics here Sub alone is within a few per cent
 * of its size at a quarter of its time.
 */
export function encodePng(raster: Raster): Uint8Array {
  return new Uint8Array(
    PNG.sync.write({ width: raster.width, height: raster.height, data: Buffer.from(raster.data) } as unknown as PNG, { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 1 }),
  );
}

/**
 * A picture made of pixels and words: the pixel part is a `Raster` (drawn crisp, one raster pixel
 * per SVG unit, scaled without smoothing), the words are SVG text in the bundled font laid over
 * it. `toSvg` gives the SVG; `svgToPng` draws it at 2x, so pixels stay square blocks and text is
 * sharp.
 */
export class Mosaic {
  readonly raster: Raster;
  private readonly texts: Text[] = [];

  constructor(width: number, height: number) {
    this.raster = new Raster(Math.max(1, Math.ceil(width)), Math.max(1, Math.ceil(height)));
  }

  get width(): number {
    return this.raster.width;
  }

  get height(): number {
    return this.raster.height;
  }

  /** Writes `text` ('\n' starts a new line) anchored at (x, y) and returns the box it covers. */
  text(x: number, y: number, text: string, color: Rgb = INK, options: TextOptions = {}): Box {
    const size = options.size ?? 12;
    const weight = options.weight ?? 'normal';
    const align = options.align ?? 'left';
    const { width, height } = blockSize(text, size, weight);
    const dx = align === 'center' ? -width / 2 : align === 'right' ? -width : 0;
    const dy = options.valign === 'middle' ? -height / 2 : 0;
    this.texts.push({ x, y: y + dy, lines: text.split('\n'), color, size, weight, align, vertical: options.vertical === true });
    return options.vertical ? { x: x + dy, y: y - dx - width, width: height, height: width } : { x: x + dx, y: y + dy, width, height };
  }

  /**
   * The SVG: the raster as one `<image>` drawn nearest-neighbour (`image-rendering="optimizeSpeed"`,
   * which resvg honours; a CSS `pixelated` would override it with a value resvg does not know),
   * then the text.
   */
  toSvg(): string {
    const { width, height } = this;
    const png = Buffer.from(encodePng(this.raster)).toString('base64');
    const out = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
      `<image x="0" y="0" width="${width}" height="${height}" image-rendering="optimizeSpeed" href="data:image/png;base64,${png}"/>`,
    ];
    for (const t of this.texts) {
      const { ascent } = fontExtent(t.size, t.weight);
      const anchor = t.align === 'center' ? 'middle' : t.align === 'right' ? 'end' : 'start';
      const transform = t.vertical ? ` transform="rotate(-90 ${num(t.x)} ${num(t.y)})"` : '';
      // Rotated, the block's top edge runs along x = t.x - (its height); its first baseline sits ascent in.
      const tspans = t.lines
        .map((line, i) => `<tspan x="${num(t.x)}" y="${num(t.y + ascent + i * LINE * t.size)}">${escapeXml(line)}</tspan>`)
        .join('');
      out.push(
        `<text font-family="${escapeXml(FONT_STACK)}" font-size="${t.size}"${t.weight === 'bold' ? ' font-weight="bold"' : ''} fill="${hex(t.color)}" text-anchor="${anchor}"${transform}>${tspans}</text>`,
      );
    }
    out.push('</svg>');
    return `${out.join('\n')}\n`;
  }
}

function num(v: number): string {
  return String(Number(v.toFixed(2)));
}
