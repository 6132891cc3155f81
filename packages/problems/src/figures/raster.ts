import { ADVANCE, CAP_HEIGHT, GLYPH_HEIGHT, GLYPH_WIDTH, LINE_HEIGHT, glyph, textHeight, textWidth } from './bitmap-font.js';
import { WHITE, type Rgb } from './palette.js';

/** How a text block sits on its anchor point. */
export interface TextOptions {
  /** Integer pixel scale of the bitmap font (1 font pixel = scale x scale pixels). Default 2. */
  readonly scale?: number;
  /** Horizontal anchor: the anchor is the block's left edge, centre or right edge. Default 'left'. */
  readonly align?: 'left' | 'center' | 'right';
  /**
   * Vertical anchor: top of the cells, middle of the capitals, or the baseline (bottom of capitals).
   * Default 'top'.
   */
  readonly valign?: 'top' | 'middle' | 'bottom';
  /** Rotate 90 degrees counter-clockwise (reads bottom to top, for y-axis titles); anchors apply to the rotated box. */
  readonly vertical?: boolean;
}

/** A rectangle in pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Stroke style of lines and polylines. */
export interface StrokeOptions {
  /** Line width in pixels (may be fractional; edges are anti-aliased). Default 1. */
  readonly thickness?: number;
  /** Dash pattern [on, off] in pixels along the line; solid when absent. */
  readonly dash?: readonly [number, number];
}

/**
 * An RGB picture: `data` holds width * height * 3 bytes, row-major, top row first.
 * Drawing clips to the picture. Coordinates are pixel centres: pixel (i, j) covers
 * [i - 0.5, i + 0.5] x [j - 0.5, j + 0.5], so a 1-pixel line from (0, 3) to (9, 3) fills row 3.
 * Lines, circles and dots are anti-aliased by coverage (alpha = clamp(r + 0.5 - d, 0, 1) for a
 * distance d from the shape's centre line); rectangles, text and images are crisp.
 */
export class Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  /** Drawing is limited to [x0, x1) x [y0, y1) while `clipped` runs. */
  private clipX0 = 0;
  private clipY0 = 0;
  private clipX1: number;
  private clipY1: number;

  constructor(width: number, height: number, background: Rgb = WHITE) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`Raster: bad size ${width}x${height}`);
    }
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 3);
    this.clipX1 = width;
    this.clipY1 = height;
    this.fillRect(0, 0, width, height, background);
  }

  /** The colour at (x, y); throws outside the picture. */
  pixel(x: number, y: number): Rgb {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) throw new RangeError(`Raster: (${x}, ${y}) outside`);
    const i = (y * this.width + x) * 3;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!];
  }

  /** Runs `draw` with drawing limited to `box` (e.g. a plot area, so lines cannot spill over the axes). */
  clipped(box: Box, draw: () => void): void {
    const saved = [this.clipX0, this.clipY0, this.clipX1, this.clipY1] as const;
    this.clipX0 = Math.max(saved[0], Math.round(box.x));
    this.clipY0 = Math.max(saved[1], Math.round(box.y));
    this.clipX1 = Math.min(saved[2], Math.round(box.x + box.width));
    this.clipY1 = Math.min(saved[3], Math.round(box.y + box.height));
    try {
      draw();
    } finally {
      [this.clipX0, this.clipY0, this.clipX1, this.clipY1] = saved;
    }
  }

  /** Paints one pixel (ignored outside the picture or the clip box). */
  set(x: number, y: number, c: Rgb): void {
    if (x < this.clipX0 || y < this.clipY0 || x >= this.clipX1 || y >= this.clipY1) return;
    const i = (y * this.width + x) * 3;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
  }

  /** Mixes `c` into one pixel with weight `alpha` in [0, 1]. */
  blend(x: number, y: number, c: Rgb, alpha: number): void {
    if (x < this.clipX0 || y < this.clipY0 || x >= this.clipX1 || y >= this.clipY1 || !(alpha > 0)) return;
    const a = alpha >= 1 ? 1 : alpha;
    const i = (y * this.width + x) * 3;
    for (let k = 0; k < 3; k++) this.data[i + k] = Math.round(this.data[i + k]! * (1 - a) + c[k]! * a);
  }

  /** Fills the pixels x..x+w-1, y..y+h-1 (rounded to whole pixels). */
  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let j = y0; j < y1; j++) {
      for (let i = x0; i < x1; i++) this.set(i, j, c);
    }
  }

  /** Draws a rectangle's border of `thickness` pixels inside the box x..x+w-1, y..y+h-1. */
  strokeRect(x: number, y: number, w: number, h: number, c: Rgb, thickness = 1): void {
    this.fillRect(x, y, w, thickness, c);
    this.fillRect(x, y + h - thickness, w, thickness, c);
    this.fillRect(x, y, thickness, h, c);
    this.fillRect(x + w - thickness, y, thickness, h, c);
  }

  /** A straight line between two points, any angle, with round caps. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, options: StrokeOptions = {}): void {
    this.polyline([x0, x1], [y0, y1], c, options);
  }

  /** A dashed line; the dash pattern defaults to [6, 4] scaled with the thickness. */
  dashedLine(x0: number, y0: number, x1: number, y1: number, c: Rgb, options: StrokeOptions = {}): void {
    const t = options.thickness ?? 1;
    this.polyline([x0, x1], [y0, y1], c, { thickness: t, dash: options.dash ?? [6 * Math.max(1, t / 2), 4 * Math.max(1, t / 2)] });
  }

  /**
   * Connected segments through (xs[k], ys[k]); a dash pattern runs on across the joints. Coverage
   * is the maximum over the segments, blended once, so joints are not darkened twice.
   * Non-finite points break the line (a gap), which is how plots skip NaN and Infinity.
   */
  polyline(xs: ArrayLike<number>, ys: ArrayLike<number>, c: Rgb, options: StrokeOptions = {}): void {
    const r = (options.thickness ?? 1) / 2;
    const segments: number[] = [];
    let along = 0;
    for (let k = 0; k + 1 < xs.length; k++) {
      const ax = xs[k]!, ay = ys[k]!, bx = xs[k + 1]!, by = ys[k + 1]!;
      if (![ax, ay, bx, by].every(Number.isFinite)) continue;
      const len = Math.hypot(bx - ax, by - ay);
      if (!options.dash || !(options.dash[0] > 0) || !(options.dash[1] >= 0)) {
        segments.push(ax, ay, bx, by);
        continue;
      }
      // Walk the segment through the dash pattern, keeping the "on" pieces.
      const [on, off] = options.dash;
      const period = on + off;
      let s = 0;
      while (s < len) {
        const phase = (along + s) % period;
        const step = Math.min(len - s, phase < on ? on - phase : period - phase);
        if (phase < on && len > 0) {
          const t0 = s / len, t1 = (s + step) / len;
          segments.push(ax + (bx - ax) * t0, ay + (by - ay) * t0, ax + (bx - ax) * t1, ay + (by - ay) * t1);
        }
        s += step;
      }
      along += len;
    }
    this.coverSegments(segments, r, c);
  }

  /** A circle outline of radius r around (cx, cy). */
  circle(cx: number, cy: number, radius: number, c: Rgb, thickness = 1): void {
    this.cover(cx - radius - thickness, cy - radius - thickness, cx + radius + thickness, cy + radius + thickness, c, (x, y) =>
      thickness / 2 + 0.5 - Math.abs(Math.hypot(x - cx, y - cy) - radius),
    );
  }

  /** A filled disc of radius r around (cx, cy). */
  dot(cx: number, cy: number, radius: number, c: Rgb): void {
    this.cover(cx - radius - 1, cy - radius - 1, cx + radius + 1, cy + radius + 1, c, (x, y) => radius + 0.5 - Math.hypot(x - cx, y - cy));
  }

  /**
   * Writes `text` (printable ASCII; '\n' starts a new line) with the built-in bitmap font and
   * returns the box it covers. Lines of a block are aligned to each other as `align` says.
   */
  text(x: number, y: number, text: string, c: Rgb, options: TextOptions = {}): Box {
    const scale = Math.max(1, Math.round(options.scale ?? 2));
    const align = options.align ?? 'left';
    const lines = text.split('\n');
    const w = textWidth(text, scale);
    const h = textHeight(text, scale);
    // Offsets of the block's top-left from the anchor, in the unrotated frame.
    const capBlock = textHeight(text, scale, false);
    const dy = options.valign === 'middle' ? -capBlock / 2 : options.valign === 'bottom' ? -capBlock : 0;
    const dx = align === 'center' ? -w / 2 : align === 'right' ? -w : 0;
    // Rotated, the block is h wide and w tall; anchors refer to that rotated box.
    const left = Math.round(options.vertical ? x + dy : x + dx);
    const top = Math.round(options.vertical ? y - dx - w : y + dy);
    lines.forEach((line, li) => {
      const lw = textWidth(line, scale);
      const lx = align === 'center' ? Math.round((w - lw) / 2) : align === 'right' ? w - lw : 0;
      for (let ci = 0; ci < line.length; ci++) {
        const bits = glyph(line[ci]!);
        for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
          for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
            if (!bits[gy * GLYPH_WIDTH + gx]) continue;
            const u = lx + (ci * ADVANCE + gx) * scale; // along the text
            const v = (li * LINE_HEIGHT + gy) * scale; // down the text
            if (options.vertical) this.fillRect(left + v, top + w - u - scale, scale, scale, c);
            else this.fillRect(left + u, top + v, scale, scale, c);
          }
        }
      }
    });
    return options.vertical ? { x: left, y: top, width: h, height: w } : { x: left, y: top, width: w, height: h };
  }

  /** Copies another raster onto this one with its top-left corner at (x, y). */
  blit(src: Raster, x: number, y: number): void {
    for (let j = 0; j < src.height; j++) {
      for (let i = 0; i < src.width; i++) {
        const k = (j * src.width + i) * 3;
        this.set(x + i, y + j, [src.data[k]!, src.data[k + 1]!, src.data[k + 2]!]);
      }
    }
  }

  /** Blends `c` over the box with per-pixel coverage `alpha(x, y)` (clamped to [0, 1]). */
  private cover(x0: number, y0: number, x1: number, y1: number, c: Rgb, alpha: (x: number, y: number) => number): void {
    const i0 = Math.max(0, Math.floor(x0)), i1 = Math.min(this.width - 1, Math.ceil(x1));
    const j0 = Math.max(0, Math.floor(y0)), j1 = Math.min(this.height - 1, Math.ceil(y1));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) this.blend(i, j, c, Math.min(1, alpha(i, j)));
    }
  }

  /** Coverage of a set of capsules (segment + radius r), the maximum where they overlap. */
  private coverSegments(seg: readonly number[], r: number, c: Rgb): void {
    if (seg.length === 0) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0; k < seg.length; k += 2) {
      x0 = Math.min(x0, seg[k]!); x1 = Math.max(x1, seg[k]!);
      y0 = Math.min(y0, seg[k + 1]!); y1 = Math.max(y1, seg[k + 1]!);
    }
    const i0 = Math.max(0, Math.floor(x0 - r - 1)), i1 = Math.min(this.width - 1, Math.ceil(x1 + r + 1));
    const j0 = Math.max(0, Math.floor(y0 - r - 1)), j1 = Math.min(this.height - 1, Math.ceil(y1 + r + 1));
    if (i0 > i1 || j0 > j1) return;
    const bw = i1 - i0 + 1;
    const alpha = new Float32Array(bw * (j1 - j0 + 1));
    for (let k = 0; k < seg.length; k += 4) {
      const ax = seg[k]!, ay = seg[k + 1]!, bx = seg[k + 2]!, by = seg[k + 3]!;
      const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
      const si0 = Math.max(i0, Math.floor(Math.min(ax, bx) - r - 1)), si1 = Math.min(i1, Math.ceil(Math.max(ax, bx) + r + 1));
      const sj0 = Math.max(j0, Math.floor(Math.min(ay, by) - r - 1)), sj1 = Math.min(j1, Math.ceil(Math.max(ay, by) + r + 1));
      for (let j = sj0; j <= sj1; j++) {
        for (let i = si0; i <= si1; i++) {
          // Distance from the pixel centre to the segment: project, clamp to [0, 1], measure.
          const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((i - ax) * dx + (j - ay) * dy) / len2));
          const a = r + 0.5 - Math.hypot(i - ax - t * dx, j - ay - t * dy);
          const idx = (j - j0) * bw + (i - i0);
          if (a > alpha[idx]!) alpha[idx] = a;
        }
      }
    }
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) this.blend(i, j, c, alpha[(j - j0) * bw + (i - i0)]!);
    }
  }
}

/** Cap height of text at a scale, for layout (the block height without descenders, one line). */
export function capHeight(scale = 2): number {
  return CAP_HEIGHT * scale;
}
