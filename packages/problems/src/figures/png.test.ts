import { PNG } from 'pngjs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from './png.js';
import { Raster } from './raster.js';

const decode = (bytes: Uint8Array): PNG => PNG.sync.read(Buffer.from(bytes));

/** Expect every RGB pixel of `r` in the RGBA data decoded by pngjs, alpha opaque. */
function expectSamePixels(r: Raster, png: PNG): void {
  expect([png.width, png.height]).toEqual([r.width, r.height]);
  for (let i = 0; i < r.width * r.height; i++) {
    const want = [r.data[3 * i], r.data[3 * i + 1], r.data[3 * i + 2], 255];
    const got = [png.data[4 * i], png.data[4 * i + 1], png.data[4 * i + 2], png.data[4 * i + 3]];
    if (got.join() !== want.join()) expect(got, `pixel ${i}`).toEqual(want);
  }
}

describe('crc32', () => {
  it('gives the standard check value', () => {
    // CRC-32/ISO-HDLC check value of "123456789" is 0xCBF43926.
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('matches the CRC of the IEND chunk every PNG ends with', () => {
    // The IEND chunk type has CRC 0xAE426082 (bytes seen at the end of every PNG file).
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });
});

describe('encodePng', () => {
  it('writes the signature, an IHDR for 8-bit RGB, and ends with IEND', () => {
    const bytes = encodePng(new Raster(7, 3));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(8)).toBe(13);
    expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
    expect([view.getUint32(16), view.getUint32(20), bytes[24], bytes[25], bytes[28]]).toEqual([7, 3, 8, 2, 0]);
    expect(new TextDecoder().decode(bytes.subarray(bytes.length - 8, bytes.length - 4))).toBe('IEND');
  });

  it('decodes with pngjs to the same pixels (flat figure)', () => {
    const r = new Raster(40, 25);
    r.fillRect(5, 5, 10, 8, [200, 30, 40]);
    r.line(0, 24, 39, 0, [0, 114, 178], { thickness: 2 });
    r.text(2, 14, 'Ab1', [0, 0, 0]);
    expectSamePixels(r, decode(encodePng(r)));
  });

  it('decodes with pngjs to the same pixels (noise: every filter type gets used)', () => {
    const r = new Raster(33, 17);
    let s = 12345;
    for (let i = 0; i < r.data.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      // Mix smooth gradients and noise so Sub, Up, Average and Paeth each win somewhere.
      r.data[i] = i % 7 === 0 ? s >>> 24 : (Math.floor(i / 3) % 33) * 7 + Math.floor(i / 99);
    }
    const bytes = encodePng(r);
    expectSamePixels(r, decode(bytes));
    // Look inside: the filter byte of each scanline is a valid type 0-4.
    const idatLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(33);
    const raw = inflateSync(bytes.subarray(41, 41 + idatLen));
    expect(raw.length).toBe(17 * (33 * 3 + 1));
    const types = new Set<number>();
    for (let y = 0; y < 17; y++) types.add(raw[y * (33 * 3 + 1)]!);
    for (const t of types) expect(t).toBeLessThanOrEqual(4);
    expect(types.size).toBeGreaterThan(1);
  });

  it('has valid CRCs (pngjs checks them)', () => {
    const bytes = encodePng(new Raster(3, 3, [9, 8, 7]));
    expect(() => PNG.sync.read(Buffer.from(bytes), { checkCRC: true })).not.toThrow();
    const broken = bytes.slice();
    broken[30] = broken[30]! ^ 0xff; // inside the IHDR CRC
    expect(() => PNG.sync.read(Buffer.from(broken), { checkCRC: true })).toThrow();
  });

  it('compresses a plain white figure to a small file', () => {
    expect(encodePng(new Raster(800, 600)).length).toBeLessThan(3000);
  });

  it('refuses data of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(11) })).toThrow(RangeError);
  });
});
