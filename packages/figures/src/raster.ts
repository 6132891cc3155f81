import { WHITE, type Rgb } from './palette.js';

/** A rectangle in pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * An RGB picture: `data` holds width * height * 3 bytes, row-major, top row first.
 * Drawing clips to the picture. It holds the pixel part of a figure (images, frames, grid
 * lines, all crisp whole pixels); text goes on top as SVG (`Mosaic`).
 */
export class Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;

  constructor(width: number, height: number, background: Rgb = WHITE) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`Raster: bad size ${width}x${height}`);
    }
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** The colour at (x, y); throws outside the picture. */
  pixel(x: number, y: number): Rgb {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) throw new RangeError(`Raster: (${x}, ${y}) outside`);
    const i = (y * this.width + x) * 3;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!];
  }

  /** Paints one pixel (ignored outside the picture). */
  set(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
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

  /** Copies another raster onto this one with its top-left corner at (x, y). */
  blit(src: Raster, x: number, y: number): void {
    for (let j = 0; j < src.height; j++) {
      for (let i = 0; i < src.width; i++) {
        const k = (j * src.width + i) * 3;
        this.set(x + i, y + j, [src.data[k]!, src.data[k + 1]!, src.data[k + 2]!]);
      }
    }
  }
}
