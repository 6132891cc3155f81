import { afterAll, describe, expect, it } from 'vitest';
import { Matrix } from '../matrix.js';
import { gemmNN, gemmNT, gemmTN } from '../gemm.js';
import { gemmNN32Ref, gemmNT32Ref, gemmTN32Ref } from '../gemm32-reference.js';
import { wasmArena } from './arena.js';
import { kernelPool, partsFor, setMinWorkPerThread, splitRange } from './pool.js';
import { FLOAT32_SPLIT_SCALE } from './gemm32-wasm.js';
import { setThreads, threadCount, threadPool } from './threads-pool.js';

const arena = wasmArena()!;

function filled(rows: number, cols: number, seed: number): Matrix {
  const data = arena.alloc(rows * cols);
  let x = (seed * 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    data[i] = 2 * (x / 4294967296) - 1;
  }
  return new Matrix(rows, cols, data);
}

/** Waits until the workers have instantiated the module (they start asynchronously). */
async function ready(): Promise<void> {
  expect(await threadPool()!.ready()).toBe(true);
}

afterAll(() => {
  setThreads(1);
  setMinWorkPerThread(1 << 19);
});

describe('kernel threads', () => {
  it('splits the three products over 2 threads and gets the same bits as 1 thread', async () => {
    setMinWorkPerThread(0); // split everything, even the tiniest product
    const shapes: Array<[number, number, number]> = [[1, 35, 16], [1, 400, 260], [8, 64, 128], [7, 13, 5], [32, 4, 9], [5, 6, 1], [3, 3, 4], [9, 25, 35], [4, 2, 64], [6, 17, 8], [2, 5, 2], [130, 70, 33], [128, 784, 512], [17, 3, 40]];
    const products = [
      (m: number, k: number, n: number, s: number) => ({ a: filled(m, k, s), b: filled(k, n, s + 1), c: filled(m, n, s + 2), f: gemmNN }),
      (m: number, k: number, n: number, s: number) => ({ a: filled(k, m, s), b: filled(k, n, s + 1), c: filled(m, n, s + 2), f: gemmTN }),
      (m: number, k: number, n: number, s: number) => ({ a: filled(m, k, s), b: filled(n, k, s + 1), c: filled(m, n, s + 2), f: gemmNT }),
    ];
    const results: Float64Array[][] = [[], []];
    for (const [run, threads] of [[0, 1], [1, 2]] as const) {
      expect(setThreads(threads)).toBe(threads);
      if (threads > 1) await ready();
      for (const [m, k, n] of shapes) {
        for (const accumulate of [false, true]) {
          for (const make of products) {
            const { a, b, c, f } = make(m, k, n, m * 31 + n);
            const before = threadPool()?.jobs ?? 0;
            f(a, b, c, accumulate);
            if (threads > 1) {
              // Split whenever the product has two blocks of rows or columns to give.
              const splittable = Math.max(m >> 2, f === gemmNT ? n >> 3 : n >> 2) >= 2;
              expect(threadPool()!.jobs - before).toBe(splittable ? 1 : 0);
            }
            results[run].push(Float64Array.from(c.data));
          }
        }
      }
    }
    expect(threadPool()!.workerParts).toBeGreaterThan(0); // the worker did take parts
    expect(results[1].length).toBe(results[0].length);
    for (let i = 0; i < results[0].length; i++) expect(results[1][i]).toEqual(results[0][i]);
  }, 60_000);

  it('splits the float32 products over 2 threads by column blocks: the bits of 1 thread and of the reference loops', async () => {
    setMinWorkPerThread(0);
    const filled32 = (rows: number, cols: number, seed: number): Matrix<Float32Array> => {
      const m = filled(rows, cols, seed);
      const data = arena.allocF32(rows * cols);
      data.set(m.data);
      return new Matrix(rows, cols, data);
    };
    // Odd widths (tails mod 4 and mod 8), k = 0, k past one KC block (256), W4's shapes.
    const shapes: Array<[number, number, number]> = [[1, 35, 16], [8, 64, 128], [7, 13, 5], [9, 25, 35], [6, 17, 8], [130, 70, 33], [128, 784, 512], [32, 300, 21], [12, 0, 10], [4, 9, 3]];
    const products = [
      { name: 'NN', make: (m: number, k: number, n: number, s: number) => ({ a: filled32(m, k, s), b: filled32(k, n, s + 1), c: filled32(m, n, s + 2) }), f: gemmNN, ref: gemmNN32Ref },
      { name: 'TN', make: (m: number, k: number, n: number, s: number) => ({ a: filled32(k, m, s), b: filled32(k, n, s + 1), c: filled32(m, n, s + 2) }), f: gemmTN, ref: gemmTN32Ref },
      { name: 'NT', make: (m: number, k: number, n: number, s: number) => ({ a: filled32(m, k, s), b: filled32(n, k, s + 1), c: filled32(m, n, s + 2) }), f: gemmNT, ref: gemmNT32Ref },
    ];
    const results: Float32Array[][] = [[], []];
    for (const [run, threads] of [[0, 1], [1, 2]] as const) {
      expect(setThreads(threads)).toBe(threads);
      if (threads > 1) await ready();
      for (const [m, k, n] of shapes) {
        for (const accumulate of [false, true]) {
          for (const { name, make, f, ref } of products) {
            const { a, b, c } = make(m, k, n, m * 31 + n);
            const expected = new Matrix(m, n, Float32Array.from(c.data));
            ref(a, b, expected, accumulate);
            const before = threadPool()?.jobs ?? 0;
            f(a, b, c, accumulate);
            // Split whenever C has two column blocks (of 8 floats) to give and k > 0.
            if (threads > 1) expect(threadPool()!.jobs - before, `${name} ${m}x${k}x${n}`).toBe(k > 0 && (n & ~3) >> 3 >= 2 ? 1 : 0);
            expect(c.data, `${name} ${m}x${k}x${n} ${threads} threads`).toEqual(expected.data);
            results[run].push(Float32Array.from(c.data));
          }
        }
      }
    }
    for (let i = 0; i < results[0].length; i++) expect(results[1][i]).toEqual(results[0][i]);
  }, 60_000);

  it('a worker sees memory the caller grew after it started', async () => {
    setMinWorkPerThread(0);
    setThreads(2);
    await ready();
    const before = arena.memory.buffer.byteLength;
    const filler = arena.alloc(before / 8); // more than is left: the memory grows
    const a = filled(64, 96, 7), b = filled(80, 96, 8), c = new Matrix(64, 80, arena.alloc(64 * 80));
    expect(a.data.byteOffset).toBeGreaterThan(before);
    setThreads(1);
    gemmNT(a, b, c);
    const single = Float64Array.from(c.data);
    setThreads(2);
    await ready();
    // Which thread takes which part is up to the scheduler: repeat until the worker took one.
    const pool = threadPool()!;
    for (let i = 0; i < 1000 && pool.workerParts === 0; i++) {
      c.data.fill(0);
      gemmNT(a, b, c);
      expect(c.data).toEqual(single);
    }
    expect(pool.workerParts).toBeGreaterThan(0);
    expect(filler.length).toBe(before / 8);
  });

  it('splits only products big enough to gain, into parts aligned to the kernels\' blocks', () => {
    setMinWorkPerThread(1 << 19);
    setThreads(2);
    expect(kernelPool()?.threads).toBe(2);
    expect(partsFor(8 * 400 * 260, 100)).toBe(1); // W3b's largest product stays on one thread
    expect(partsFor(32 * 784 * 512, 8)).toBe(8); // W4s's: 4 parts per thread at most, here 8 row blocks
    expect(partsFor(128 * 784 * 512, 1)).toBe(1); // nothing to split
    // float32 products split from 8 times the work: W5's largest stays whole, W4s's in 3, W4's in 8
    expect(partsFor(64 * 400 * 260, 64, FLOAT32_SPLIT_SCALE)).toBe(1);
    expect(partsFor(32 * 784 * 512, 64, FLOAT32_SPLIT_SCALE)).toBe(3);
    expect(partsFor(128 * 784 * 512, 64, FLOAT32_SPLIT_SCALE)).toBe(8);
    expect(splitRange(130, 3, 4)).toEqual([0, 44, 88, 130]);
    expect(splitRange(10, 2, 8)).toEqual([0, 8, 10]);
    setThreads(1);
    expect(kernelPool()).toBeUndefined();
    expect(threadCount()).toBe(1);
    expect(partsFor(128 * 784 * 512, 32)).toBe(1);
  });
});
