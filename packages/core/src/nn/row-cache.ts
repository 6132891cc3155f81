/**
 * Per-batch-size buffers: built once for each number of rows seen and reused, so the epoch loop
 * never allocates. Training alternates between at most two sizes (the batch size and the last,
 * shorter batch); evaluation may bring others, so only the `limit` most recently made sizes are kept.
 */
export class RowCache<T> {
  private readonly entries = new Map<number, T>();
  private lastRows = -1;
  private lastValue: T | undefined;

  constructor(
    private readonly make: (rows: number) => T,
    private readonly limit = 4,
  ) {}

  /** The buffers for `rows` rows (made on first use). */
  get(rows: number): T {
    if (rows === this.lastRows) return this.lastValue as T;
    let v = this.entries.get(rows);
    if (v === undefined) {
      v = this.make(rows);
      if (this.entries.size >= this.limit) {
        // Evict the oldest size (Map keeps insertion order).
        const oldest = this.entries.keys().next().value as number;
        this.entries.delete(oldest);
      }
      this.entries.set(rows, v);
    }
    this.lastRows = rows;
    this.lastValue = v;
    return v;
  }
}
