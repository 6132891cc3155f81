import { describe, expect, it } from 'vitest';
import { imageGrid } from './image-grid.js';
import { latentGridCodes, latentGridFigure } from './latent-grid.js';
import { latentScatter } from './latent-scatter.js';
import { linePlot } from './line-plot.js';
import { SERIES, WRONG, type Rgb } from './palette.js';
import type { Raster } from './raster.js';
import { reconstructionGrid, wrongPixelMask } from './reconstruction-grid.js';

/** Pixels of exactly colour c: count and centroid. */
function find(r: Raster, c: Rgb): { n: number; x: number; y: number; minX: number; minY: number } {
  let n = 0, sx = 0, sy = 0, minX = Infinity, minY = Infinity;
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const i = (y * r.width + x) * 3;
      if (r.data[i] === c[0] && r.data[i + 1] === c[1] && r.data[i + 2] === c[2]) {
        n++; sx += x; sy += y;
        minX = Math.min(minX, x); minY = Math.min(minY, y);
      }
    }
  }
  return { n, x: sx / n, y: sy / n, minX, minY };
}
const BLACK: Rgb = [0, 0, 0];

describe('imageGrid', () => {
  it('draws each image at its scale (ink is the only pure black) and is deterministic', () => {
    const cells = [
      { images: [{ pixels: [1, 1, 1, 1] }], label: 'all ink' },
      { images: [{ pixels: [0, 0, 0, 0] }], label: 'paper' },
    ];
    const a = imageGrid(cells, { shape: [2, 2], scale: 4, title: 'T', caption: 'c' });
    // One 2x2 image of ink at scale 4 = 8 x 8 = 64 black pixels (text is INK grey, not black).
    expect(find(a, BLACK).n).toBe(64);
    const b = imageGrid(cells, { shape: [2, 2], scale: 4, title: 'T', caption: 'c' });
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
  });

  it('wraps cells into rows of `columns` and puts images side by side within a cell', () => {
    const img = { pixels: new Float64Array(35).fill(1) };
    const one = imageGrid([{ images: [img] }], { shape: [7, 5], scale: 2 });
    const pair = imageGrid([{ images: [img, img] }], { shape: [7, 5], scale: 2 });
    expect(pair.width - one.width).toBe(5 * 2 + 6); // one more image and the gap between
    const four = imageGrid([{ images: [img] }, { images: [img] }, { images: [img] }, { images: [img] }], { shape: [7, 5], scale: 2, columns: 2 });
    expect(four.height - one.height).toBe(7 * 2 + 18); // a second row and the row gap
    expect(find(four, BLACK).n).toBe(4 * (7 * 2) * (5 * 2));
  });
});

describe('reconstructionGrid', () => {
  it('marks a pixel wrong when output and target fall on different sides of 0.5', () => {
    expect(Array.from(wrongPixelMask([1, 0, 0, 1], [0.9, 0.2, 0.6, 0.4]))).toEqual([0, 0, 1, 1]);
    expect(Array.from(wrongPixelMask([1, 0], [0.5, 0.5]))).toEqual([1, 0]); // 0.5 is not ink
  });

  it('shows no red at all when every item is exact, and red marks and labels otherwise', () => {
    const targets = [new Float64Array([1, 0, 1, 0]), new Float64Array([0, 1, 1, 0])];
    const exact = reconstructionGrid(targets, targets.map((t) => t.map((v) => v * 0.8 + 0.1)), { shape: [2, 2], labels: ['a', 'b'], scale: 8 });
    expect(find(exact, WRONG).n).toBe(0);
    // Item b gets 2 wrong pixels: more than the tolerance of 1, so its label is red too.
    const bad = reconstructionGrid(targets, [targets[0]!, new Float64Array([1, 0, 1, 0])], { shape: [2, 2], labels: ['a', 'b'], scale: 8 });
    const red = find(bad, WRONG);
    expect(red.n).toBeGreaterThan(2 * 28); // two outlined cells (8x8, 2-px border = 28 px each) + red label
  });

  it('refuses lists of different lengths', () => {
    expect(() => reconstructionGrid([[1]], [[1], [0]], { shape: [1, 1], labels: ['a'] })).toThrow(RangeError);
  });
});

describe('latentGridCodes', () => {
  it('gives cell centres in reading order, the top row first', () => {
    // 2 partitions of x in [-4, 4]: centres -2, 2; of y in [-2, 2]: centres -1, 1 (top row y = 1).
    const codes = latentGridCodes({ partitions: 2, x: [-4, 4], y: [-2, 2] });
    expect(codes.toArrays()).toEqual([[-2, 1], [2, 1], [-2, -1], [2, -1]]);
    expect(latentGridCodes({ partitions: 8, x: [-4, 4], y: [-4, 4] }).row(0)).toEqual(new Float64Array([-3.5, 3.5]));
    expect(() => latentGridCodes({ partitions: 0, x: [0, 1], y: [0, 1] })).toThrow(RangeError);
  });
});

describe('latentGridFigure', () => {
  it('puts the first image in the top-left cell', () => {
    const n = 3;
    const images = Array.from({ length: n * n }, (_, k) => new Float64Array(4).fill(k === 0 ? 1 : 0));
    const r = latentGridFigure(images, { partitions: n, x: [-1, 1], y: [-1, 1], shape: [2, 2], scale: 10 });
    const ink = find(r, BLACK);
    expect(ink.n).toBe(400); // one 2x2 image at scale 10
    // The last image alone lands bottom-right.
    const last = images.map((_, k) => new Float64Array(4).fill(k === n * n - 1 ? 1 : 0));
    const r2 = latentGridFigure(last, { partitions: n, x: [-1, 1], y: [-1, 1], shape: [2, 2], scale: 10 });
    const ink2 = find(r2, BLACK);
    // Two cells further right and down: 2 x (20 px image + 2 x 5 px padding + 1 px rule) = 62.
    expect(ink2.x - ink.x).toBe(62);
    expect(ink2.y - ink.y).toBe(62);
  });

  it('refuses a count of images that does not fill the grid', () => {
    expect(() => latentGridFigure([[1]], { partitions: 2, x: [0, 1], y: [0, 1], shape: [1, 1] })).toThrow(RangeError);
  });
});

describe('latentScatter', () => {
  it('places a point by its coordinates (y grows upward) and skips non-finite ones', () => {
    const c: Rgb = [10, 200, 30];
    const r = latentScatter(
      [{ x: 1.5, y: 1.5, label: 'a', color: c }, { x: NaN, y: 0, label: 'nan' }],
      { xRange: [-2, 2], yRange: [-2, 2] },
    );
    const dot = find(r, c);
    expect(dot.n).toBeGreaterThan(20); // a disc of radius 4
    expect(dot.x).toBeGreaterThan(r.width / 2);
    expect(dot.y).toBeLessThan(r.height / 2);
  });

  it('draws background points and stays deterministic', () => {
    const pts = [{ x: 0, y: 0, label: 'smile' }, { x: 0.01, y: 0, label: 'wink' }];
    const a = latentScatter(pts, { backgroundPoints: [{ x: 3, y: -3 }], title: 'faces' });
    const b = latentScatter(pts, { backgroundPoints: [{ x: 3, y: -3 }], title: 'faces' });
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(find(a, SERIES[0]!).n).toBeGreaterThan(20);
  });
});

describe('linePlot', () => {
  it('draws a rising series rising (y up) in its colour', () => {
    const c: Rgb = [200, 20, 150];
    const r = linePlot([{ name: 'up', values: Array.from({ length: 100 }, (_, i) => i), color: c }], { title: 't', xTitle: 'epoch' });
    const left = find(crop(r, 0, r.width / 2), c), right = find(crop(r, r.width / 2, r.width), c);
    expect(left.n).toBeGreaterThan(10);
    expect(right.y).toBeLessThan(left.y);
  });

  it('skips NaN, Infinity and non-positive values on a log axis without failing', () => {
    const c: Rgb = [1, 2, 200];
    const r = linePlot([{ name: 'loss', values: [1, NaN, 0.1, Infinity, 0, -1, 0.01, 0.001], color: c }], { logY: true });
    expect(find(r, c).n).toBeGreaterThan(10);
    expect(() => linePlot([], {})).not.toThrow();
    expect(() => linePlot([{ name: 'all bad', values: [NaN, NaN] }], { logY: true })).not.toThrow();
  });

  it('shares one x across series and names them in a legend', () => {
    const x = [0, 0.1, 0.2, 0.3];
    const r = linePlot(
      [
        { name: 'model', values: [1, 0.9, 0.7, 0.4] },
        { name: 'ceiling', values: [1, 1, 1, 1], dashed: true },
      ],
      { x, yRange: [0, 1.05] },
    );
    expect(find(r, SERIES[0]!).n).toBeGreaterThan(50);
    expect(find(r, SERIES[1]!).n).toBeGreaterThan(30);
  });
});

/** Columns [x0, x1) of a raster as a new raster-like object. */
function crop(r: Raster, x0: number, x1: number): Raster {
  const a = Math.round(x0), b = Math.round(x1);
  const data = new Uint8Array((b - a) * r.height * 3);
  for (let y = 0; y < r.height; y++) data.set(r.data.subarray((y * r.width + a) * 3, (y * r.width + b) * 3), y * (b - a) * 3);
  return { width: b - a, height: r.height, data } as Raster;
}
