import { describe, expect, it } from 'vitest';
import { drawGray } from './gray-image.js';
import { BLACK, WHITE, WRONG, type Rgb } from './palette.js';
import { Raster } from './raster.js';

const RED: Rgb = [255, 0, 0];
const isWhite = (r: Raster, x: number, y: number): boolean => r.pixel(x, y).every((v) => v === 255);
const inked = (r: Raster): number => {
  let n = 0;
  for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) if (!isWhite(r, x, y)) n++;
  return n;
};

describe('Raster', () => {
  it('starts as the background colour and refuses bad sizes', () => {
    const r = new Raster(3, 2, [1, 2, 3]);
    expect(r.data.length).toBe(18);
    expect(r.pixel(2, 1)).toEqual([1, 2, 3]);
    expect(() => new Raster(0, 4)).toThrow(RangeError);
    expect(() => new Raster(2.5, 4)).toThrow(RangeError);
  });

  it('fills rectangles and clips them to the picture', () => {
    const r = new Raster(10, 10);
    r.fillRect(8, 8, 5, 5, RED); // only 2x2 inside
    expect(inked(r)).toBe(4);
    expect(r.pixel(9, 9)).toEqual(RED);
    expect(isWhite(r, 7, 7)).toBe(true);
  });

  it('strokes a rectangle border inside its box', () => {
    const r = new Raster(10, 10);
    r.strokeRect(1, 1, 5, 4, BLACK);
    // Border of a 5x4 box: 2 * 5 + 2 * 2 = 14 pixels.
    expect(inked(r)).toBe(14);
    expect(isWhite(r, 3, 2)).toBe(true);
  });

  it('blits one raster onto another', () => {
    const a = new Raster(4, 4), b = new Raster(2, 2, RED);
    a.blit(b, 3, 3); // 1 pixel lands inside
    expect(inked(a)).toBe(1);
    expect(a.pixel(3, 3)).toEqual(RED);
  });
});

describe('drawGray', () => {
  it('paints ink black, paper white, grey in between, at the given scale', () => {
    const r = new Raster(20, 20);
    drawGray(r, { pixels: [1, 0, 0.5, 0], rows: 2, cols: 2 }, 2, 2, { scale: 3, frame: null });
    expect(r.pixel(2, 2)).toEqual(BLACK);
    expect(r.pixel(4, 4)).toEqual(BLACK);
    expect(r.pixel(5, 2)).toEqual(WHITE);
    expect(r.pixel(2, 5)).toEqual([128, 128, 128]); // round(255 * 0.5)
    expect(inked(r)).toBe(18);
  });

  it('tints marked pixels towards red (dark on ink, pink on paper) and outlines them from scale 4', () => {
    const r = new Raster(20, 20);
    drawGray(r, { pixels: [1, 0], rows: 1, cols: 2 }, 0, 0, { scale: 6, mask: [1, 1], frame: null });
    const inkCentre = r.pixel(2, 2), paperCentre = r.pixel(8, 2);
    // mix(black, red, 0.6) and mix(white, red, 0.6)
    expect(inkCentre).toEqual([Math.round(WRONG[0] * 0.6), Math.round(WRONG[1] * 0.6), Math.round(WRONG[2] * 0.6)]);
    expect(paperCentre[0]).toBeGreaterThan(paperCentre[1]! + 50);
    expect(r.pixel(6, 0)).toEqual(WRONG); // the outline
  });

  it('refuses a mask or pixel array of the wrong size', () => {
    const r = new Raster(5, 5);
    expect(() => drawGray(r, { pixels: [1, 0, 1], rows: 2, cols: 2 }, 0, 0)).toThrow(RangeError);
    expect(() => drawGray(r, { pixels: [1, 0, 1, 0], rows: 2, cols: 2 }, 0, 0, { mask: [1] })).toThrow(RangeError);
  });
});
