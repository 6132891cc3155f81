import { describe, expect, it } from 'vitest';
import { Raster, encodePng } from '@sia/figures';
import { handPng } from './__fixtures__/png-fixtures.js';
import { isDataError } from './data-error.js';
import { readPngHeader } from './png-header.js';

describe('readPngHeader', () => {
  it('reads size and format from IHDR', () => {
    expect(readPngHeader(encodePng(new Raster(31, 17)))).toEqual({ width: 31, height: 17, bitDepth: 8, colorType: 2, interlaced: false });
    expect(readPngHeader(handPng(8, 1, 0, 1, [[0b10100000]]))).toMatchObject({ width: 8, height: 1, bitDepth: 1, colorType: 0 });
  });

  it('reads a huge size from the header alone (the pixels are never looked at)', () => {
    // A header announcing 100000 x 100000 followed by a tiny IDAT that could never hold them.
    const bytes = handPng(100000, 100000, 0, 8, [[0]]);
    expect(readPngHeader(bytes)).toMatchObject({ width: 100000, height: 100000 });
  });

  it('rejects what is not a PNG with a data/invalid error naming the file', () => {
    const cases: Array<[Uint8Array, RegExp]> = [
      [new TextEncoder().encode('just some text that is long enough to have a header'), /wrong signature/],
      [new Uint8Array(10), /too short/],
      [handPng(0, 4, 0, 8, []), /size 0x4/],
      [handPng(2, 2, 2, 4, [[0]]), /colour type 2 with bit depth 4/],
    ];
    for (const [bytes, why] of cases) {
      let err: unknown;
      try {
        readPngHeader(bytes, 'x.png');
      } catch (e) {
        err = e;
      }
      expect(isDataError(err)).toBe(true);
      expect((err as Error).message).toMatch(/^x\.png: not a valid PNG/);
      expect((err as Error).message).toMatch(why);
    }
  });

  it('rejects a PNG whose first chunk is not IHDR', () => {
    const bytes = encodePng(new Raster(2, 2)).slice();
    bytes[12] = 'X'.charCodeAt(0);
    expect(() => readPngHeader(bytes)).toThrow(/first chunk is not a 13-byte IHDR/);
  });
});
