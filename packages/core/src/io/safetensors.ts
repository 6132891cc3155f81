/**
 * safetensors (https://github.com/huggingface/safetensors), the weight format PyTorch, JAX and
 * numpy tools read:
 *
 *   [8 bytes]  N, the header length, unsigned 64-bit little-endian
 *   [N bytes]  JSON: { "__metadata__": {string: string}, name: { dtype, shape, data_offsets: [begin, end] }, … }
 *              padded with spaces so that 8 + N is a multiple of 8
 *   [rest]     raw little-endian tensor bytes; offsets are relative to the start of this block
 *
 * sia writes tensors in the order given, back to back, `__metadata__` first when present.
 */

export type SafetensorsDtype = 'F64' | 'F32' | 'I32';

/** The arrays a tensor may hold: float64, float32 or int32 values. */
export type SafetensorsData = Float64Array | Float32Array | Int32Array;

export interface SafetensorsTensor {
  readonly shape: number[];
  readonly data: SafetensorsData;
}

export interface SafetensorsFile {
  readonly tensors: Record<string, SafetensorsTensor & { readonly dtype: SafetensorsDtype }>;
  readonly metadata: Record<string, string>;
}

const BYTES: Record<SafetensorsDtype, number> = { F64: 8, F32: 4, I32: 4 };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Refuse headers above 100 MB before parsing them (the reference implementation's limit). */
const MAX_HEADER = 100_000_000;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Serialises tensors (and optional string metadata) to safetensors bytes. */
export function writeSafetensors(tensors: Readonly<Record<string, SafetensorsTensor>>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new RangeError('writeSafetensors: "__metadata__" is reserved');
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new RangeError(`writeSafetensors: ${name} has a bad shape`);
    if (elementCount(t.shape) !== t.data.length) {
      throw new RangeError(`writeSafetensors: ${name} has ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    }
    const dtype: SafetensorsDtype = t.data instanceof Float64Array ? 'F64' : t.data instanceof Int32Array ? 'I32' : 'F32';
    const size = t.data.length * BYTES[dtype];
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  const raw = new TextEncoder().encode(json);
  const padded = Math.ceil((8 + raw.length) / 8) * 8 - 8;
  json += ' '.repeat(padded - raw.length);
  const headerBytes = new TextEncoder().encode(json);

  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const [, t] of entries) {
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    if (LITTLE_ENDIAN) out.set(bytes, at);
    else writeLittleEndian(view, at, t.data);
    at += t.data.byteLength;
  }
  return out;
}

function writeLittleEndian(view: DataView, at: number, data: SafetensorsData): void {
  if (data instanceof Float64Array) for (let i = 0; i < data.length; i++) view.setFloat64(at + 8 * i, data[i]!, true);
  else if (data instanceof Int32Array) for (let i = 0; i < data.length; i++) view.setInt32(at + 4 * i, data[i]!, true);
  else for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i]!, true);
}

function fail(message: string): never {
  throw new Error(`safetensors: ${message}`);
}

/**
 * Parses safetensors bytes (F64, F32 and I32 tensors). The arrays returned are copies (aligned, and
 * independent of `bytes`). Throws an Error starting with `safetensors:` on malformed input;
 * callers at a boundary wrap it into a Result.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) fail(`file too short (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) fail(`header length ${n} exceeds the file`);
  const headerLength = Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors: SafetensorsFile['tensors'] = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Object.values(entry).some((v) => typeof v !== 'string')) {
        fail('__metadata__ must map strings to strings');
      }
      metadata = { ...(entry as Record<string, string>) };
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== 'F64' && e.dtype !== 'F32' && e.dtype !== 'I32') fail(`${name}: unsupported dtype ${String(e.dtype)}`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`${name}: bad shape`);
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isInteger(d) && d >= 0)) {
      fail(`${name}: bad data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    const dtype = e.dtype as SafetensorsDtype;
    const shape = e.shape as number[];
    const count = elementCount(shape);
    if (end < begin || end > dataLength) fail(`${name}: data_offsets [${begin}, ${end}] outside the data (${dataLength} bytes)`);
    if (end - begin !== count * BYTES[dtype]) fail(`${name}: ${end - begin} bytes for shape [${shape.join(', ')}] of ${dtype}`);
    const at = dataStart + begin;
    const data = dtype === 'F64' ? new Float64Array(count) : dtype === 'I32' ? new Int32Array(count) : new Float32Array(count);
    if (LITTLE_ENDIAN) new Uint8Array(data.buffer).set(bytes.subarray(at, at + count * BYTES[dtype]));
    else if (data instanceof Float64Array) for (let i = 0; i < count; i++) data[i] = view.getFloat64(at + 8 * i, true);
    else if (data instanceof Int32Array) for (let i = 0; i < count; i++) data[i] = view.getInt32(at + 4 * i, true);
    else for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, true);
    tensors[name] = { dtype, shape: [...shape], data };
  }
  return { tensors, metadata };
}
