import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { textWidth } from './font.js';
import { mosaicFiles } from './files.js';
import { imageGrid } from './image-grid.js';
import { latentGridFigure } from './latent-grid.js';
import { Mosaic, wrapText } from './mosaic.js';
import { WRONG, type Rgb } from './palette.js';
import { reconstructionGrid, wrongPixelMask } from './reconstruction-grid.js';

/** Pixels of exactly colour c in a mosaic's pixel part: count and centroid. */
function find(m: Mosaic, c: Rgb): { n: number; x: number; y: number; minX: number; minY: number } {
  const r = m.raster;
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
    expect(Buffer.from(a.raster.data).equals(Buffer.from(b.raster.data))).toBe(true);
    expect(a.toSvg()).toBe(b.toSvg());
  });

  it('wraps cells into rows of `columns` and puts images side by side within a cell', () => {
    const img = { pixels: new Float64Array(35).fill(1) };
    // Twelve cells in a row: wider than the floor that titles wrap to.
    const one = imageGrid(Array.from({ length: 12 }, () => ({ images: [img] })), { shape: [7, 5], scale: 2 });
    const pair = imageGrid(Array.from({ length: 12 }, () => ({ images: [img, img] })), { shape: [7, 5], scale: 2 });
    expect(pair.width - one.width).toBe(12 * (5 * 2 + 6)); // one more image and the gap between, per cell
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

describe('Mosaic', () => {
  it('keeps its width from the grid and wraps a long title into it', () => {
    const cells = [{ images: [{ pixels: [1, 0, 0, 1] }], label: 'x' }];
    const title = 'A title far longer than one small image, which must wrap instead of widening the picture';
    const short = imageGrid(cells, { shape: [2, 2], scale: 4 });
    const long = imageGrid(cells, { shape: [2, 2], scale: 4, title });
    expect(long.width).toBe(short.width);
    expect(long.height).toBeGreaterThan(short.height + 3 * 16); // several title lines
    // Every wrapped line fits inside the picture's margins.
    for (const line of wrapText(title, long.width - 40, 16, 'bold').split('\n')) expect(textWidth(line, 16, 'bold')).toBeLessThanOrEqual(long.width - 40);
  });

  it('writes text as SVG text in the bundled font over one nearest-neighbour image', () => {
    const m = new Mosaic(100, 40);
    m.text(50, 10, 'a < b & "c"', [34, 34, 34], { align: 'center' });
    const svg = m.toSvg();
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"');
    expect(svg).toContain('image-rendering="optimizeSpeed"');
    expect(svg).toContain("font-family=\"'DejaVu Sans'");
    expect(svg).toContain('text-anchor="middle"');
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
  });

  it('renders to a PNG twice its size whose pixel blocks are exact', () => {
    const cells = [{ images: [{ pixels: [1, 0, 0, 1] }], label: 'ab' }];
    const m = imageGrid(cells, { shape: [2, 2], scale: 4, title: 'T' });
    const files = mosaicFiles(m);
    const png = PNG.sync.read(Buffer.from(files.png));
    expect([png.width, png.height]).toEqual([2 * m.width, 2 * m.height]);
    // Each of the 2 ink pixels at scale 4 is 4x4 raster pixels, 8x8 in the PNG: exact black, no smoothing.
    let black = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === 0 && png.data[i + 1] === 0 && png.data[i + 2] === 0) black++;
    expect(black).toBe(2 * 8 * 8);
    // Same input, same bytes.
    expect(Buffer.from(mosaicFiles(imageGrid(cells, { shape: [2, 2], scale: 4, title: 'T' })).png).equals(Buffer.from(files.png))).toBe(true);
  });
});
