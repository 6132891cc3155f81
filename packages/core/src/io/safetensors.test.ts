import { describe, it, expect } from 'vitest';
import { readSafetensors, writeSafetensors } from './safetensors.js';

describe('safetensors', () => {
  it('writes the exact documented layout', () => {
    const bytes = writeSafetensors({ w: { shape: [2], data: new Float64Array([1.5, -2]) } }, { format: 'pt' });
    // Header JSON (in this key order, no spaces):
    const json = '{"__metadata__":{"format":"pt"},"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}';
    // 8 + 86 = 94 → padded with 2 spaces to 96, a multiple of 8: header length 88.
    expect(json.length).toBe(86);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength).toBe(88);
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + 88))).toBe(json + '  ');
    expect(bytes.length).toBe(8 + 88 + 16);
    // Raw little-endian float64: 1.5 = 0x3FF8000000000000, −2 = 0xC000000000000000.
    expect(Array.from(bytes.subarray(96, 104))).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(Array.from(bytes.subarray(104, 112))).toEqual([0, 0, 0, 0, 0, 0, 0, 0xc0]);
  });

  it('omits __metadata__ when there is none and lays tensors back to back', () => {
    const bytes = writeSafetensors({
      a: { shape: [1, 3], data: new Float32Array([1, 2, 3]) },
      b: { shape: [], data: new Float64Array([7]) },
    });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      a: { dtype: 'F32', shape: [1, 3], data_offsets: [0, 12] },
      b: { dtype: 'F64', shape: [], data_offsets: [12, 20] },
    });
    expect((8 + n) % 8).toBe(0);
  });

  it('round-trips F64 and F32 tensors and metadata', () => {
    const w = new Float64Array([Math.PI, -1e-300, 0, Number.MAX_VALUE, 1 / 3, -0.5]);
    const f = new Float32Array([0.1, 0.2, 0.3]);
    const bytes = writeSafetensors({ 'encoder.0.weight': { shape: [2, 3], data: w }, 'x.f32': { shape: [3], data: f } }, { arch: '{"latent":2}', seed: '7' });
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ arch: '{"latent":2}', seed: '7' });
    expect(back.tensors['encoder.0.weight']!.dtype).toBe('F64');
    expect(back.tensors['encoder.0.weight']!.shape).toEqual([2, 3]);
    expect(Array.from(back.tensors['encoder.0.weight']!.data)).toEqual(Array.from(w));
    expect(back.tensors['x.f32']!.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.tensors['x.f32']!.data)).toEqual(Array.from(f));
    // Reading from a view at an odd offset of a bigger buffer works too (data is copied).
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(readSafetensors(shifted.subarray(3)).tensors['encoder.0.weight']!.data)).toEqual(Array.from(w));
  });

  it('round-trips I32 tensors (a checkpoint keeps the visiting order as one)', () => {
    const order = new Int32Array([3, 0, -7, 2147483647, -2147483648]);
    const back = readSafetensors(writeSafetensors({ order: { shape: [5], data: order } }));
    expect(back.tensors.order!.dtype).toBe('I32');
    expect(back.tensors.order!.data).toBeInstanceOf(Int32Array);
    expect(Array.from(back.tensors.order!.data)).toEqual(Array.from(order));
  });

  it('writes from subarray views (byteOffset) correctly', () => {
    const big = new Float64Array([9, 9, 1, 2, 9]);
    const back = readSafetensors(writeSafetensors({ v: { shape: [2], data: big.subarray(2, 4) } }));
    expect(Array.from(back.tensors.v!.data)).toEqual([1, 2]);
  });

  it('refuses malformed files with a clear message', () => {
    expect(() => readSafetensors(new Uint8Array(4))).toThrow(/safetensors: file too short/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1000n, true);
    expect(() => readSafetensors(huge)).toThrow(/header length 1000 exceeds/);
    const good = writeSafetensors({ v: { shape: [2], data: new Float64Array([1, 2]) } });
    expect(() => readSafetensors(good.subarray(0, good.length - 1))).toThrow(/outside the data/);
    const garbage = new Uint8Array(16);
    new DataView(garbage.buffer).setBigUint64(0, 8n, true);
    garbage.set(new TextEncoder().encode('{nope!!}'), 8);
    expect(() => readSafetensors(garbage)).toThrow(/not valid JSON/);
    expect(() => writeSafetensors({ v: { shape: [3], data: new Float64Array(2) } })).toThrow(/2 values for shape \[3\]/);
  });

  it('refuses a dtype it does not read', () => {
    const json = '{"v":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}}';
    const pad = (8 - ((8 + json.length) % 8)) % 8;
    const head = new TextEncoder().encode(json + ' '.repeat(pad));
    const bytes = new Uint8Array(8 + head.length + 1);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(head.length), true);
    bytes.set(head, 8);
    expect(() => readSafetensors(bytes)).toThrow(/unsupported dtype I8/);
  });
});
