import fs, { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileWriteError, writeFileWhole } from './write-file.js';

const dir = mkdtempSync(join(tmpdir(), 'sia-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Makes every write fail with ENOSPC once `budget` bytes have been written (a disk filling up). */
function diskFullAfter(budget: number): () => void {
  const real = fs.writeSync;
  let left = budget;
  (fs as { writeSync: unknown }).writeSync = (fd: number, data: Uint8Array | string, ...rest: unknown[]): number => {
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    if (size > left) {
      if (left > 0) real(fd, (typeof data === 'string' ? Buffer.from(data) : data).subarray(0, left));
      left = 0;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    left -= size;
    return (real as (...a: unknown[]) => number)(fd, data, ...rest);
  };
  return () => {
    (fs as { writeSync: unknown }).writeSync = real;
  };
}

describe('writeFileWhole', () => {
  it('writes the whole file, creating folders', () => {
    const path = join(dir, 'a', 'b', 'metrics.json');
    writeFileWhole(path, '{"x": 1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"x": 1}\n');
    writeFileWhole(path, new Uint8Array([1, 2, 3]));
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
  });

  it('on a disk that fills after N bytes, for every N: the old file stays whole, no temporary file is left, the error names the file', () => {
    const path = join(dir, 'model.safetensors');
    const old = Buffer.from('the earlier, complete contents');
    const next = new Uint8Array(257).map((_, i) => i & 255);
    for (let n = 0; n < next.length; n += 16) {
      writeFileSync(path, old);
      const restore = diskFullAfter(n);
      let error: unknown;
      try {
        writeFileWhole(path, next);
      } catch (e) {
        error = e;
      } finally {
        restore();
      }
      expect(error).toBeInstanceOf(FileWriteError);
      expect((error as FileWriteError).path).toBe(path);
      expect((error as Error).message).toMatch(/^cannot write .*model\.safetensors: ENOSPC/);
      expect(readFileSync(path).equals(old)).toBe(true);
      expect(readdirSync(dir).filter((f) => f.startsWith('model.safetensors.'))).toEqual([]);
    }
  });

  it('a new file that cannot be written is absent, never empty or truncated', () => {
    const path = join(dir, 'fresh.json');
    const restore = diskFullAfter(5);
    try {
      expect(() => writeFileWhole(path, '{"a": "0123456789"}')).toThrow(FileWriteError);
    } finally {
      restore();
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('fresh.json'))).toEqual([]);
  });

  it('names the file when its folder cannot be written', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere; a path under a regular file fails for everyone instead.
      writeFileSync(join(dir, 'plain'), 'x');
      expect(() => writeFileWhole(join(dir, 'plain', 'index.html'), '<p>')).toThrow(/cannot write .*plain\/index\.html/);
      return;
    }
    const locked = join(dir, 'locked');
    fs.mkdirSync(locked);
    chmodSync(locked, 0o500);
    expect(() => writeFileWhole(join(locked, 'index.html'), '<p>')).toThrow(/cannot write .*locked\/index\.html/);
    chmodSync(locked, 0o700);
  });
});
