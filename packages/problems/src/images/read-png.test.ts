import { describe, expect, it } from 'vitest';
import { Raster, encodePng } from '@sia/figures';
import { chunk, handPng, pngjsPng } from './__fixtures__/png-fixtures.js';
import { DataError } from './data-error.js';
import { readPng } from './read-png.js';
import { checkPngStream } from './png-stream.js';
import { crc32 } from 'node:zlib';

const close = (got: Float64Array, want: number[], tol = 1e-9): void => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i]! - w), `pixel ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(tol));
};

describe('readPng', () => {
  it('reads 8-bit RGB (our own encoder) as brightness: black 0, white 1, grey exact', () => {
    const r = new Raster(3, 1);
    r.set(0, 0, [0, 0, 0]);
    r.set(1, 0, [51, 51, 51]);
    const img = readPng(encodePng(r));
    expect([img.width, img.height]).toEqual([3, 1]);
    close(img.pixels, [0, 0.2, 1]); // 51 / 255 = 0.2
  });

  it('turns colour into Rec. 601 luma', () => {
    const r = new Raster(3, 1);
    r.set(0, 0, [255, 0, 0]);
    r.set(1, 0, [0, 255, 0]);
    r.set(2, 0, [0, 0, 255]);
    close(readPng(encodePng(r)).pixels, [0.299, 0.587, 0.114]);
  });

  it('composites transparency on white (RGBA and grey + alpha, 8 and 16 bit)', () => {
    // Pixels: opaque black, transparent black, half-transparent black (alpha 102 = 0.4).
    const rgba = [0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 102];
    // v = a * 0 + (1 - a): 0, 1, 0.6
    close(readPng(pngjsPng(3, 1, rgba, 6)).pixels, [0, 1, 0.6]);
    close(readPng(pngjsPng(3, 1, rgba, 4)).pixels, [0, 1, 0.6]);
    close(readPng(pngjsPng(3, 1, rgba, 6, 16)).pixels, [0, 1, 0.6], 1 / 255);
  });

  it('reads 16-bit grey, 1-bit grey and palette images', () => {
    const grey = [0, 0, 0, 255, 255, 255, 255, 255];
    close(readPng(pngjsPng(2, 1, grey, 0, 16)).pixels, [0, 1]);
    // 1-bit grey: 0b10100000 -> white, black, white, black, then paper padding bits.
    close(readPng(handPng(4, 1, 0, 1, [[0b10100000]])).pixels, [1, 0, 1, 0]);
    // Palette: index 0 = pure red, index 1 = white; two pixels 1, 0 at 8 bits per index.
    const plte = chunk('PLTE', Uint8Array.of(255, 0, 0, 255, 255, 255));
    close(readPng(handPng(2, 1, 3, 8, [[1, 0]], [plte])).pixels, [1, 0.299]);
  });

  it('refuses an image above maxPixels before decoding it', () => {
    // The announced 5000 x 5000 pixels would not even fit in this file's IDAT: only the header is read.
    const bytes = handPng(5000, 5000, 0, 8, [[0]]);
    expect(() => readPng(bytes, { file: 'big.png', maxPixels: 1_000_000 })).toThrow(/big\.png: 5000x5000 is 25000000 pixels, above the limit of 1000000/);
  });

  it('turns a decoding failure into a DataError naming the file', () => {
    const bytes = encodePng(new Raster(4, 4)).slice();
    bytes[45] = bytes[45]! ^ 0xff; // corrupt the compressed pixel data
    let err: unknown;
    try {
      readPng(bytes, { file: 'broken.png' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('data/invalid');
    expect((err as Error).message).toMatch(/^broken\.png: not a valid PNG/);
  });
});

describe('checkPngStream', () => {
  it('refuses pixel data cut short, which a lenient decoder would read as a black image', () => {
    const whole = encodePng(new Raster(6, 5)).slice();
    // Drop the last bytes of the IDAT chunk's data and fix up its length and CRC, so that only the
    // zlib stream itself is short: every chunk is well formed.
    const view = new DataView(whole.buffer);
    let at = 8;
    while (String.fromCharCode(...whole.subarray(at + 4, at + 8)) !== 'IDAT') at += 12 + view.getUint32(at);
    const length = view.getUint32(at);
    const cut = 6;
    const data = whole.subarray(at + 8, at + 8 + length - cut);
    const piece = new Uint8Array(12 + data.length);
    const cv = new DataView(piece.buffer);
    cv.setUint32(0, data.length);
    piece.set(whole.subarray(at + 4, at + 8), 4);
    piece.set(data, 8);
    cv.setUint32(8 + data.length, crc32(piece.subarray(4, 8 + data.length)) >>> 0);
    const bytes = new Uint8Array([...whole.subarray(0, at), ...piece, ...whole.subarray(at + 12 + length)]);
    expect(() => checkPngStream(whole, 'whole.png')).not.toThrow();
    expect(() => checkPngStream(bytes, 'short.png')).toThrow(/^short\.png: not a valid PNG \(the compressed data is damaged or cut short/);
    expect(() => readPng(bytes, { file: 'short.png' })).toThrow(DataError);
  });

  it('refuses a chunk whose checksum does not match, and a file that ends inside a chunk', () => {
    const bytes = encodePng(new Raster(3, 3)).slice();
    expect(() => checkPngStream(bytes.subarray(0, bytes.length - 5), 'cut.png')).toThrow(/ends inside a chunk/);
    bytes[20] = bytes[20]! ^ 1; // inside IHDR
    expect(() => checkPngStream(bytes, 'crc.png')).toThrow(/IHDR chunk's checksum does not match/);
  });
});
