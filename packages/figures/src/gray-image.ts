import { LIGHT, WRONG, mix, type Rgb } from './palette.js';
import type { Box, Raster } from './raster.js';

/** A grayscale image: `rows * cols` values in [0, 1], row-major, 1 = ink (drawn black). */
export interface GrayImage {
  readonly pixels: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

export interface DrawImageOptions {
  /** Integer pixel scale: each image pixel becomes scale x scale picture pixels. Default 1. */
  readonly scale?: number;
  /** Marked pixels (rows * cols; non-zero / true = marked), e.g. the wrong pixels of a reconstruction. */
  readonly mask?: ArrayLike<number | boolean>;
  /** Colour of marked pixels. Default: the palette's WRONG red. */
  readonly maskColor?: Rgb;
  /** A 1-pixel frame drawn just outside the image (null for none). Default LIGHT grey. */
  readonly frame?: Rgb | null;
}

/**
 * Draws a grayscale image with its top-left corner at (x, y) and returns the box it covers
 * (without the frame). Ink (1) is black and paper (0) white, as the datasets define them.
 * A marked pixel is tinted towards the mask colour (dark red on ink, pink on paper, so the
 * original value stays readable) and, from scale 4 up, outlined in that colour as well.
 */
export function drawGray(raster: Raster, image: GrayImage, x: number, y: number, options: DrawImageOptions = {}): Box {
  const { rows, cols, pixels } = image;
  if (pixels.length !== rows * cols) throw new RangeError(`drawGray: ${pixels.length} values for ${rows}x${cols}`);
  const s = Math.max(1, Math.round(options.scale ?? 1));
  const mask = options.mask;
  if (mask && mask.length !== rows * cols) throw new RangeError(`drawGray: mask has ${mask.length} values for ${rows}x${cols}`);
  const markColor = options.maskColor ?? WRONG;
  const frame = options.frame === undefined ? LIGHT : options.frame;
  if (frame) raster.strokeRect(x - 1, y - 1, cols * s + 2, rows * s + 2, frame);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = pixels[r * cols + c]!;
      const level = Math.round(255 * (1 - (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0)));
      const gray: Rgb = [level, level, level];
      const marked = mask ? Boolean(mask[r * cols + c]) : false;
      const px = x + c * s, py = y + r * s;
      raster.fillRect(px, py, s, s, marked ? mix(gray, markColor, 0.6) : gray);
      if (marked && s >= 4) raster.strokeRect(px, py, s, s, markColor, s >= 8 ? 2 : 1);
    }
  }
  return { x, y, width: cols * s, height: rows * s };
}
