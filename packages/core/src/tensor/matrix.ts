/** The two element types a matrix may hold: float64 (the default) or float32. */
export type FloatArray = Float32Array | Float64Array;

/** A matrix of either precision: what code that works on both takes. */
export type AnyMatrix = Matrix<FloatArray>;

/** The precision of a network's numbers: its weights, activations, gradients and optimizer state. */
export type Precision = 'float64' | 'float32';

/**
 * A dense row-major matrix over one contiguous Float64Array or Float32Array (`D`, Float64Array by
 * default). Rows are samples of a batch; columns are features. Kernels live in `ops.ts`
 * and never allocate: callers pass the output matrix.
 *
 * Float32 semantics: a float32 matrix's kernels round every arithmetic operation to float32
 * (`Math.fround`), so float32 results are deterministic and the same on every engine.
 */
export class Matrix<D extends FloatArray = Float64Array> {
  readonly rows: number;
  readonly cols: number;
  readonly data: D;

  constructor(rows: number, cols: number, data?: D) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new RangeError(`Matrix: bad shape ${rows}x${cols}`);
    }
    if (data && data.length !== rows * cols) {
      throw new RangeError(`Matrix: data length ${data.length} does not match ${rows}x${cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? (new Float64Array(rows * cols) as D);
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

  /** A zeroed matrix of `precision` (plain arrays, outside the wasm arena). */
  static zeros(rows: number, cols: number, precision: Precision): AnyMatrix {
    return precision === 'float32' ? new Matrix(rows, cols, new Float32Array(rows * cols)) : new Matrix(rows, cols);
  }

  /** A zeroed matrix of the given shape with the element type of `like`. */
  static like<E extends FloatArray>(like: Matrix<E>, rows: number, cols: number): Matrix<E> {
    const data = like.data instanceof Float32Array ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
    return new Matrix(rows, cols, data as E);
  }

  /** `precision` of this matrix's elements. */
  get precision(): Precision {
    return this.data instanceof Float32Array ? 'float32' : 'float64';
  }

  /**
   * This matrix in `precision`: itself when it already is, else a converted copy (float64 to
   * float32 rounds each value to nearest; float32 to float64 is exact).
   */
  to(precision: 'float32'): Matrix<Float32Array>;
  to(precision: 'float64'): Matrix<Float64Array>;
  to(precision: Precision): AnyMatrix;
  to(precision: Precision): AnyMatrix {
    if (this.precision === precision) return this as AnyMatrix;
    return new Matrix(this.rows, this.cols, precision === 'float32' ? Float32Array.from(this.data) : Float64Array.from(this.data));
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** A view of row i sharing this matrix's memory. */
  row(i: number): D {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols) as D;
  }

  /** A matrix view over rows [start, end) sharing memory (no copy). */
  rowsView(start: number, end: number): Matrix<D> {
    return new Matrix(end - start, this.cols, this.data.subarray(start * this.cols, end * this.cols) as D);
  }

  clone(): Matrix<D> {
    return new Matrix(this.rows, this.cols, this.data.slice() as D);
  }

  toArrays(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}
