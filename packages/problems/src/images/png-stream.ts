import { crc32, inflateSync } from 'node:zlib';
import { DataError } from './data-error.js';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Checks a PNG's chunk stream strictly before it is decoded: every chunk whole with a correct CRC,
 * an IEND at the end, and the image data (all IDAT chunks) a complete zlib stream of exactly the
 * size the header calls for. A decoder that forgives truncated or damaged data would otherwise
 * hand back a black (all-zero) picture without a word. Throws a `DataError` naming the file.
 */
export function checkPngStream(bytes: Uint8Array, file: string): void {
  const bad = (why: string): never => {
    throw new DataError(`${file}: not a valid PNG (${why})`, { file });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0, height = 0, bits = 0, colour = 0, interlace = 0;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (!ended) {
    if (at + 12 > bytes.length) bad('the file ends inside a chunk');
    const length = view.getUint32(at);
    if (at + 12 + length > bytes.length) bad('the file ends inside a chunk');
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if ((crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0) !== view.getUint32(at + 8 + length)) bad(`the ${type} chunk's checksum does not match`);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      bits = body[8]!;
      colour = body[9]!;
      interlace = body[12]!;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  if (idat.length === 0) bad('no image data');
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (e) {
    return bad(`the compressed data is damaged or cut short: ${e instanceof Error ? e.message : String(e)}`);
  }
  const channels = CHANNELS[colour];
  if (interlace === 0 && channels !== undefined) {
    const expected = height * (1 + Math.ceil((width * channels * bits) / 8));
    if (raw.length !== expected) bad(`${raw.length} bytes of pixel rows where a ${width}x${height} image needs ${expected}`);
  }
}
