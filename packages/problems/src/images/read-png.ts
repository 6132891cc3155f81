import { PNG } from 'pngjs';
import { DataError } from './data-error.js';
import { readPngHeader } from './png-header.js';
import { checkPngStream } from './png-stream.js';

/** A decoded grayscale image: `height * width` values, row-major, 0 = black, 1 = white. */
export interface GrayPicture {
  readonly width: number;
  readonly height: number;
  readonly pixels: Float64Array;
}

export interface ReadPngOptions {
  /** Name used in error messages. Default 'image'. */
  readonly file?: string;
  /** Refuse images with more pixels than this, checked from the header before decoding. */
  readonly maxPixels?: number;
}

/**
 * Decodes a PNG of any colour type and bit depth (pngjs normalises to 8-bit RGBA) to grayscale
 * brightness in [0, 1]. Colour becomes luma with the Rec. 601 weights
 * Y = 0.299 R + 0.587 G + 0.114 B; transparency is composited on white,
 * v = a Y + (1 - a), so a transparent pixel reads as paper. Throws a `DataError` for bytes that
 * are not a PNG, a PNG that fails to decode, or one above `maxPixels`.
 */
export function readPng(bytes: Uint8Array, options: ReadPngOptions = {}): GrayPicture {
  const file = options.file ?? 'image';
  const header = readPngHeader(bytes, file);
  const max = options.maxPixels ?? Infinity;
  if (header.width * header.height > max) {
    throw new DataError(`${file}: ${header.width}x${header.height} is ${header.width * header.height} pixels, above the limit of ${max}`, { file });
  }
  checkPngStream(bytes, file);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new DataError(`${file}: not a valid PNG (${e instanceof Error ? e.message : String(e)})`, { file });
  }
  const n = png.width * png.height;
  const pixels = new Float64Array(n);
  const d = png.data;
  for (let i = 0; i < n; i++) {
    const r = d[4 * i]!, g = d[4 * i + 1]!, b = d[4 * i + 2]!;
    // Grey stays exact (r / 255), so thresholds on grey images are not nudged by rounding.
    const y = r === g && g === b ? r / 255 : Math.min(1, (0.299 * r + 0.587 * g + 0.114 * b) / 255);
    const a = d[4 * i + 3]! / 255;
    pixels[i] = a * y + (1 - a);
  }
  return { width: png.width, height: png.height, pixels };
}
