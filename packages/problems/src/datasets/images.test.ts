import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageContext } from '@sia/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Raster, encodePng } from '@sia/figures';
import { handPng, pngjsPng } from '../images/__fixtures__/png-fixtures.js';
import { isDataError } from '../images/data-error.js';
import { imagesPlugin, loadImageFolder, type ImagesConfig } from './images.js';

const root = mkdtempSync(join(tmpdir(), 'sia-images-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder under the temp root holding the given files. */
function folder(name: string, files: Record<string, Uint8Array | string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, data] of Object.entries(files)) writeFileSync(join(dir, f), data);
  return name;
}

/** A width x height picture, white except black pixels at the given indices. */
function picture(width: number, height: number, black: number[] = []): Uint8Array {
  const r = new Raster(width, height);
  for (const i of black) r.set(i % width, Math.floor(i / width), [0, 0, 0]);
  return encodePng(r);
}

function dataError(config: ImagesConfig): string {
  try {
    loadImageFolder(config, root);
  } catch (e) {
    expect(isDataError(e)).toBe(true);
    expect((e as { code: string }).code).toBe('data/invalid');
    return (e as Error).message;
  }
  throw new Error('expected a DataError');
}

describe('dataset/images', () => {
  const good = folder('good', {
    'b.png': picture(3, 2, [0]),
    'a.png': picture(3, 2, [5]),
    'c.PNG': pngjsPng(3, 2, [0, 0, 0, 128, ...Array(20).fill(255)], 6), // first pixel black at alpha 128/255
    'notes.txt': 'not an image, ignored',
  });

  it('loads the PNG files in name order with labels from the file names', () => {
    const d = loadImageFolder({ folder: good }, root);
    expect(d.labels).toEqual(['a', 'b', 'c']);
    expect(d.imageShape).toEqual([2, 3]);
    expect([d.inputs.rows, d.inputs.cols]).toEqual([3, 6]);
    expect(d.targets).toBe(d.inputs);
    // Brightness: paper 1, ink 0; a.png has its last pixel black, b.png its first.
    expect(Array.from(d.inputs.row(0))).toEqual([1, 1, 1, 1, 1, 0]);
    expect(Array.from(d.inputs.row(1))).toEqual([0, 1, 1, 1, 1, 1]);
    // Half-transparent black on white: 1 - 128 / 255.
    expect(d.inputs.get(2, 0)).toBeCloseTo(1 - 128 / 255, 12);
  });

  it('inverts (ink = 1) and binarizes after inverting', () => {
    const inv = loadImageFolder({ folder: good, invert: true }, root);
    expect(Array.from(inv.inputs.row(0))).toEqual([0, 0, 0, 0, 0, 1]);
    expect(inv.inputs.get(2, 0)).toBeCloseTo(128 / 255, 12); // 0.502
    const bin = loadImageFolder({ folder: good, invert: true, threshold: 0.6 }, root);
    expect(bin.inputs.get(2, 0)).toBe(0); // 0.502 is not above 0.6
    expect(loadImageFolder({ folder: good, invert: true, threshold: 0.5 }, root).inputs.get(2, 0)).toBe(1);
  });

  it('checks the expected size [height, width]', () => {
    expect(loadImageFolder({ folder: good, size: [2, 3] }, root).labels.length).toBe(3);
    expect(dataError({ folder: good, size: [3, 2] })).toBe("images in 'good' are 2x3 (height x width), but size is [3, 2]");
  });

  it('fails clearly for a missing folder, a file, or a folder without PNGs', () => {
    expect(dataError({ folder: 'nowhere' })).toMatch(/^image folder 'nowhere' not found/);
    folder('empty', { 'readme.txt': 'x' });
    expect(dataError({ folder: 'empty' })).toBe("image folder 'empty' has no .png files");
    expect(dataError({ folder: 'empty/readme.txt' })).toMatch(/is not a folder/);
  });

  it('fails clearly for a file that is not a valid PNG', () => {
    const bad = folder('corrupt', { 'a.png': picture(2, 2), 'b.png': 'this is text, not a PNG at all........' });
    expect(dataError({ folder: bad })).toBe('b.png: not a valid PNG (wrong signature)');
    // A real header followed by broken pixel data fails when decoding, also as data/invalid.
    const bytes = picture(2, 2).slice();
    bytes[45] = bytes[45]! ^ 0xff;
    const broken = folder('broken-data', { 'a.png': bytes });
    expect(dataError({ folder: broken })).toMatch(/^a\.png: not a valid PNG \(/);
  });

  it('fails clearly for mixed sizes', () => {
    const mixed = folder('mixed', { 'a.png': picture(3, 2), 'b.png': picture(3, 2), 'c.png': picture(4, 4) });
    expect(dataError({ folder: mixed })).toBe("mixed image sizes in 'mixed': a.png is 2x3 but c.png is 4x4 (height x width)");
  });

  it('refuses an image above maxPixels from its header, without decoding it', () => {
    // The header claims 3000 x 3000 = 9,000,000 pixels; the file holds almost nothing, so decoding
    // would fail: the size error proves that the header was checked first.
    const big = folder('big', { 'a.png': picture(2, 2), 'huge.png': handPng(3000, 3000, 0, 8, [[0]]) });
    expect(dataError({ folder: big })).toBe('huge.png: 3000x3000 = 9000000 pixels, above the limit maxPixels = 4000000');
    expect(dataError({ folder: good, maxPixels: 5 })).toMatch(/^a\.png: 2x3 = 6 pixels, above the limit maxPixels = 5$/);
  });

  it('runs as a stage plugin, resolving the folder against the pipeline folder', async () => {
    expect(imagesPlugin.kind).toBe('dataset');
    expect(imagesPlugin.name).toBe('images');
    expect(imagesPlugin.output).toBe('dataset');
    expect(Object.isFrozen(imagesPlugin)).toBe(true);
    const logs: string[] = [];
    const ctx = { baseDir: root, log: (m: string) => logs.push(m) } as unknown as StageContext;
    const out = await imagesPlugin.run({ folder: good, invert: false, threshold: null, maxPixels: 4_000_000 }, {}, ctx);
    expect(out.artifact.type).toBe('dataset');
    expect(out.metrics).toEqual({ items: 3, height: 2, width: 3 });
    expect(logs[0]).toMatch(/3 images of 2x3/);
  });

  it('has an options schema that describes every option', () => {
    const props = (imagesPlugin.schema as { properties: Record<string, { description?: string }> }).properties;
    expect(Object.keys(props).sort()).toEqual(['folder', 'invert', 'maxPixels', 'size', 'threshold']);
    for (const p of Object.values(props)) expect(p.description).toBeTruthy();
    expect(imagesPlugin.schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['folder'] });
  });
});
