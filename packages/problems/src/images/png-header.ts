import { DataError } from './data-error.js';

/** What the IHDR chunk of a PNG says (PNG spec 11.2.2). */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  readonly colorType: number;
  readonly interlaced: boolean;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bit depths allowed for each colour type (PNG spec table 11.1). */
const DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/**
 * Reads width, height and pixel format from the first 29 bytes of a PNG without decoding any
 * pixels, so a huge image can be refused before it costs memory. Throws a `DataError` when the
 * bytes are not a PNG (bad signature, IHDR not first, impossible sizes or formats).
 */
export function readPngHeader(bytes: Uint8Array, file = 'image'): PngHeader {
  const bad = (why: string): never => {
    throw new DataError(`${file}: not a valid PNG (${why})`, { file });
  };
  if (bytes.length < 33) bad(`${bytes.length} bytes is too short`);
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) bad('wrong signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (view.getUint32(8) !== 13 || type !== 'IHDR') bad('the first chunk is not a 13-byte IHDR');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24]!;
  const colorType = bytes[25]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) bad(`size ${width}x${height}`);
  if (!DEPTHS[colorType]?.includes(bitDepth)) bad(`colour type ${colorType} with bit depth ${bitDepth}`);
  if (bytes[26] !== 0 || bytes[27] !== 0 || bytes[28]! > 1) bad('unknown compression, filter or interlace method');
  return { width, height, bitDepth, colorType, interlaced: bytes[28] === 1 };
}
