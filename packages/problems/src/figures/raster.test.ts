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

  it('draws a horizontal 1-pixel line as exactly one row', () => {
    const r = new Raster(12, 7);
    r.line(2, 3, 9, 3, BLACK);
    for (let x = 2; x <= 9; x++) expect(r.pixel(x, 3)).toEqual(BLACK);
    // Pixel centres one row away are at distance 1 > 0.5 + 0.5: untouched.
    expect(isWhite(r, 5, 2) && isWhite(r, 5, 4)).toBe(true);
    expect(inked(r)).toBe(8);
  });

  it('draws a diagonal line through both end points with no gap', () => {
    const r = new Raster(20, 20);
    r.line(1, 2, 17, 15, BLACK, { thickness: 1 });
    expect(r.pixel(1, 2)).toEqual(BLACK);
    expect(r.pixel(17, 15)).toEqual(BLACK);
    for (let x = 1; x <= 17; x++) {
      let column = 0;
      for (let y = 0; y < 20; y++) column += 255 - r.pixel(x, y)[0]!;
      expect(column, `column ${x}`).toBeGreaterThan(200);
    }
  });

  it('makes thicker lines wider', () => {
    const thin = new Raster(30, 30), thick = new Raster(30, 30);
    thin.line(3, 25, 25, 4, BLACK, { thickness: 1 });
    thick.line(3, 25, 25, 4, BLACK, { thickness: 4 });
    // Anti-aliased coverage sums to about length x thickness (+ the round caps):
    // length = hypot(22, 21) = 30.4, so about 30 for thickness 1 and 122 (+ caps) for 4.
    const coverage = (r: Raster): number => r.data.reduce((n, v, i) => (i % 3 === 0 ? n + (255 - v) / 255 : n), 0);
    expect(coverage(thin)).toBeGreaterThan(28);
    expect(coverage(thin)).toBeLessThan(34);
    expect(coverage(thick)).toBeGreaterThan(118);
    expect(coverage(thick)).toBeLessThan(138);
  });

  it('leaves gaps in a dashed line', () => {
    const r = new Raster(60, 5);
    r.dashedLine(0, 2, 59, 2, BLACK, { dash: [6, 4] });
    const row = Array.from({ length: 60 }, (_, x) => r.pixel(x, 2)[0]! < 128);
    // 6 on, 4 off: pixels 0-5 ink, 7-9 paper (6 is the anti-aliased end of the dash).
    expect(row.slice(0, 6).every(Boolean)).toBe(true);
    expect(row.slice(7, 10).some(Boolean)).toBe(false);
    expect(row.slice(10, 16).every(Boolean)).toBe(true);
  });

  it('breaks a polyline at non-finite points', () => {
    const r = new Raster(40, 10);
    r.polyline([0, 10, NaN, 30, 39], [5, 5, 5, 5, 5], BLACK);
    expect(r.pixel(5, 5)).toEqual(BLACK);
    expect(isWhite(r, 20, 5)).toBe(true);
    expect(r.pixel(35, 5)).toEqual(BLACK);
  });

  it('draws a circle outline around an empty centre and a filled dot', () => {
    const r = new Raster(40, 40);
    r.circle(20, 20, 10, BLACK, 2);
    expect(r.pixel(30, 20)).toEqual(BLACK); // on the radius
    expect(r.pixel(20, 10)).toEqual(BLACK);
    expect(isWhite(r, 20, 20)).toBe(true);
    r.dot(20, 20, 3, RED);
    expect(r.pixel(20, 20)).toEqual(RED);
    expect(r.pixel(22, 20)).toEqual(RED);
  });

  it('clips drawing to a box while `clipped` runs', () => {
    const r = new Raster(20, 20);
    r.clipped({ x: 5, y: 5, width: 5, height: 5 }, () => r.fillRect(0, 0, 20, 20, BLACK));
    expect(inked(r)).toBe(25);
    r.fillRect(0, 0, 1, 1, BLACK); // clip restored
    expect(r.pixel(0, 0)).toEqual(BLACK);
  });

  it('writes text inside the box it returns', () => {
    const r = new Raster(120, 40);
    const box = r.text(60, 20, 'Hi 42', BLACK, { scale: 2, align: 'center', valign: 'middle' });
    expect(box.width).toBe(2 * (5 * 6 - 1)); // 58
    expect(box.height).toBe(18);
    let outside = 0;
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 120; x++) {
        const inBox = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
        if (!inBox && !isWhite(r, x, y)) outside++;
      }
    }
    expect(outside).toBe(0);
    expect(inked(r)).toBeGreaterThan(50);
    // 'middle' centres the capitals (14 px tall at scale 2) on y = 20.
    expect(box.y).toBe(13);
  });

  it('rotates vertical text: the box is tall and narrow', () => {
    const r = new Raster(40, 100);
    const box = r.text(5, 50, 'z2 axis', BLACK, { vertical: true, align: 'center' });
    expect(box.width).toBe(18);
    expect(box.height).toBe(2 * (7 * 6 - 1));
    expect(box.y).toBe(50 - box.height / 2);
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
