import { deflateSync } from 'node:zlib';

/** What `encodePng` needs: an 8-bit RGB picture, row-major, top row first (a `Raster` fits). */
export interface RgbPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The eight bytes every PNG starts with (PNG spec 5.2). */
const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** CRC-32 lookup table for the reflected polynomial 0xEDB88320 (PNG spec annex D). */
const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `bytes` (as PNG, zip and gzip use it): crc32("123456789") = 0xCBF43926. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** One chunk: length, type, data, CRC over type + data (PNG spec 5.3). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Paeth predictor (PNG spec 9.4): the neighbour closest to left + up - upper-left. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Filters every scanline with each of the five filter types and keeps the one with the smallest
 * sum of absolute (signed) residuals, the heuristic the PNG spec recommends (12.8); flat figures
 * then compress to a few kilobytes.
 */
function filterScanlines(px: RgbPixels): Uint8Array {
  const bpp = 3;
  const stride = px.width * bpp;
  const out = new Uint8Array(px.height * (stride + 1));
  const trial = new Uint8Array(stride);
  const zero = new Uint8Array(stride);
  for (let y = 0; y < px.height; y++) {
    const row = px.data.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? px.data.subarray((y - 1) * stride, y * stride) : zero;
    let bestType = 0;
    let bestCost = Infinity;
    for (let type = 0; type < 5; type++) {
      let cost = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? row[i - bpp]! : 0;
        const b = up[i]!;
        const c = i >= bpp ? up[i - bpp]! : 0;
        const pred = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >>> 1 : paeth(a, b, c);
        const v = (row[i]! - pred) & 0xff;
        trial[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < bestCost) {
        bestCost = cost;
        bestType = type;
        out[y * (stride + 1)] = type;
        out.set(trial, y * (stride + 1) + 1);
      }
    }
    out[y * (stride + 1)] = bestType;
  }
  return out;
}

/**
 * Encodes an RGB picture as a PNG file: signature, IHDR (8-bit truecolour, no interlace),
 * one IDAT with the zlib-deflated filtered scanlines, IEND.
 */
export function encodePng(px: RgbPixels): Uint8Array {
  if (px.data.length !== px.width * px.height * 3) {
    throw new RangeError(`encodePng: ${px.data.length} bytes for ${px.width}x${px.height} RGB`);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, px.width);
  view.setUint32(4, px.height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method: adaptive
  ihdr[12] = 0; // no interlace
  const idat = new Uint8Array(deflateSync(filterScanlines(px), { level: 9 }));
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
