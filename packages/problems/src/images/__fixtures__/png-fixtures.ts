import { deflateSync } from 'node:zlib';
import { PNG, type ColorType } from 'pngjs';
import { crc32 } from 'node:zlib';

/** Test helper: one PNG chunk with its CRC. */
export function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

/** Test helper: a PNG built by hand from unfiltered scanline bytes (for types pngjs cannot write). */
export function handPng(width: number, height: number, colorType: number, bitDepth: number, rows: number[][], extra: Uint8Array[] = []): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([bitDepth, colorType, 0, 0, 0], 8);
  const raw = Uint8Array.from(rows.flatMap((r) => [0, ...r]));
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk('IHDR', ihdr), ...extra, chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}

/** Test helper: a PNG written by pngjs from 8-bit RGBA pixels in the given colour type and depth. */
export function pngjsPng(width: number, height: number, rgba: number[], colorType: ColorType, bitDepth: 8 | 16 = 8): Uint8Array {
  const png = new PNG({ width, height });
  // pngjs takes 16-bit input as native-endian 16-bit values (0-65535): scale 8-bit by 257.
  png.data = bitDepth === 16 ? Buffer.from(Uint16Array.from(rgba, (v) => v * 257).buffer) : Buffer.from(rgba);
  return new Uint8Array(PNG.sync.write(png, { colorType, bitDepth, inputColorType: 6, inputHasAlpha: true }));
}
