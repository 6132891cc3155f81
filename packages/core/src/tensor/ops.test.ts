import { describe, it, expect } from 'vitest';
import { Matrix } from './matrix.js';
import { gemmNT, gemmNN, gemmTN, addRowVector, columnSums, fillRows, gatherRows, copyInto } from './ops.js';
import {
  gemmNTReference,
  gemmNNReference,
  gemmTNReference,
  addRowVectorReference,
  columnSumsReference,
} from './reference.js';

/** A deterministic fill (no rng dependency): values in (-1, 1) with no simple pattern. */
function filled(rows: number, cols: number, salt: number): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = Math.sin(1.7 * i + salt * 12.9898) * 0.999;
  return m;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

// Shapes chosen to hit every tile edge: 1×1, sizes below/at/above the 4-row and 8-column blocks,
// primes, and the sizes of the real networks (35-16-8-2 and 400-260-128-64).
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1], [1, 2, 3], [3, 5, 7], [4, 4, 4], [5, 9, 3], [7, 8, 1], [8, 17, 2], [33, 65, 9],
  [1, 35, 16], [32, 16, 35], [1, 260, 400], [8, 128, 260], [9, 13, 0],
];

describe('gemm kernels match the plain loops', () => {
  for (const [m, n, k] of SHAPES) {
    it(`gemmNT ${m}x${n}x${k}`, () => {
      const a = filled(m, k, 1), b = filled(n, k, 2);
      const c = new Matrix(m, n), r = new Matrix(m, n);
      c.data.fill(Number.NaN); // overwrite mode must not read C
      gemmNT(a, b, c);
      gemmNTReference(a, b, r);
      // Same summation order (p ascending) => identical bits.
      expect(maxAbsDiff(c.data, r.data)).toBe(0);
      gemmNT(a, b, c, true);
      gemmNTReference(a, b, r, true);
      expect(maxAbsDiff(c.data, r.data)).toBeLessThan(1e-12 * (k + 1));
    });
    it(`gemmNN ${m}x${n}x${k}`, () => {
      const a = filled(m, k, 3), b = filled(k, n, 4);
      const c = new Matrix(m, n), r = new Matrix(m, n);
      c.data.fill(Number.NaN);
      gemmNN(a, b, c);
      gemmNNReference(a, b, r);
      expect(maxAbsDiff(c.data, r.data)).toBe(0);
      gemmNN(a, b, c, true);
      gemmNNReference(a, b, r, true);
      expect(maxAbsDiff(c.data, r.data)).toBeLessThan(1e-12 * (k + 1));
    });
    it(`gemmTN ${m}x${n}x${k}`, () => {
      // A: k×m so that C = Aᵀ·B is m×n.
      const a = filled(k, m, 5), b = filled(k, n, 6);
      const c = new Matrix(m, n), r = new Matrix(m, n);
      c.data.fill(Number.NaN);
      gemmTN(a, b, c);
      gemmTNReference(a, b, r);
      expect(maxAbsDiff(c.data, r.data)).toBe(0);
      gemmTN(a, b, c, true);
      gemmTNReference(a, b, r, true);
      expect(maxAbsDiff(c.data, r.data)).toBeLessThan(1e-12 * (k + 1));
    });
  }

  it('computes a hand-checked product', () => {
    // [1 2; 3 4] · [5 6; 7 8]ᵀ = [1·5+2·6, 1·7+2·8; 3·5+4·6, 3·7+4·8] = [17 23; 39 53]
    const c = new Matrix(2, 2);
    gemmNT(Matrix.from([[1, 2], [3, 4]]), Matrix.from([[5, 6], [7, 8]]), c);
    expect(c.toArrays()).toEqual([[17, 23], [39, 53]]);
    // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
    gemmNN(Matrix.from([[1, 2], [3, 4]]), Matrix.from([[5, 6], [7, 8]]), c);
    expect(c.toArrays()).toEqual([[19, 22], [43, 50]]);
    // [1 2; 3 4]ᵀ · [5 6; 7 8] = [1·5+3·7, 1·6+3·8; 2·5+4·7, 2·6+4·8] = [26 30; 38 44]
    gemmTN(Matrix.from([[1, 2], [3, 4]]), Matrix.from([[5, 6], [7, 8]]), c);
    expect(c.toArrays()).toEqual([[26, 30], [38, 44]]);
  });

  it('asserts on mismatched shapes (a bug, not an input error)', () => {
    expect(() => gemmNT(new Matrix(2, 3), new Matrix(4, 2), new Matrix(2, 4))).toThrow(/gemmNT/);
    expect(() => gemmNN(new Matrix(2, 3), new Matrix(3, 4), new Matrix(2, 5))).toThrow(/gemmNN/);
    expect(() => gemmTN(new Matrix(2, 3), new Matrix(3, 4), new Matrix(3, 4))).toThrow(/gemmTN/);
  });
});

describe('row and column kernels', () => {
  it('addRowVector and fillRows broadcast a row to every row', () => {
    for (const [r, c] of [[1, 1], [3, 5], [33, 65]] as const) {
      const x = filled(r, c, 7);
      const v = filled(1, c, 8).data;
      const out = new Matrix(r, c), ref = new Matrix(r, c);
      addRowVector(x, v, out);
      addRowVectorReference(x, v, ref);
      expect(maxAbsDiff(out.data, ref.data)).toBe(0);
      addRowVector(x, v, x); // in place
      expect(maxAbsDiff(x.data, ref.data)).toBe(0);
      fillRows(out, v);
      for (let i = 0; i < r; i++) expect(Array.from(out.row(i))).toEqual(Array.from(v));
    }
  });

  it('columnSums sums over the batch, optionally accumulating', () => {
    // [[1,2],[3,4],[5,6]] -> [9, 12]; accumulating again -> [18, 24]
    const x = Matrix.from([[1, 2], [3, 4], [5, 6]]);
    const out = new Float64Array([Number.NaN, Number.NaN]);
    columnSums(x, out);
    expect(Array.from(out)).toEqual([9, 12]);
    columnSums(x, out, true);
    expect(Array.from(out)).toEqual([18, 24]);
    const big = filled(33, 65, 9);
    const a = new Float64Array(65), b = new Float64Array(65);
    columnSums(big, a);
    columnSumsReference(big, b);
    expect(maxAbsDiff(a, b)).toBe(0);
  });

  it('gatherRows copies rows in the given order', () => {
    const src = Matrix.from([[0, 0], [1, 10], [2, 20], [3, 30]]);
    const out = new Matrix(2, 2);
    gatherRows(src, new Int32Array([3, 1, 2, 0]), 1, out);
    expect(out.toArrays()).toEqual([[1, 10], [2, 20]]);
    const copy = new Matrix(4, 2);
    copyInto(src, copy);
    expect(copy.toArrays()).toEqual(src.toArrays());
  });
});
