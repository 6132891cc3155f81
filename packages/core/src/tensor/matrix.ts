/**
 * A dense row-major matrix over one contiguous Float64Array.
 * Rows are samples of a batch; columns are features. Kernels live in `ops.ts`
 * and never allocate: callers pass the output matrix.
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new RangeError(`Matrix: bad shape ${rows}x${cols}`);
    }
    if (data && data.length !== rows * cols) {
      throw new RangeError(`Matrix: data length ${data.length} does not match ${rows}x${cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** Builds a matrix from nested arrays (tests and small data only). */
  static from(rows: ReadonlyArray<ReadonlyArray<number>>): Matrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0]!.length;
    const m = new Matrix(r, c);
    for (let i = 0; i < r; i++) {
      const row = rows[i]!;
      if (row.length !== c) throw new RangeError(`Matrix.from: row ${i} has ${row.length} columns, expected ${c}`);
      m.data.set(row, i * c);
    }
    return m;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** A view of row i sharing this matrix's memory. */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** A matrix view over rows [start, end) sharing memory (no copy). */
  rowsView(start: number, end: number): Matrix {
    return new Matrix(end - start, this.cols, this.data.subarray(start * this.cols, end * this.cols));
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  toArrays(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}
