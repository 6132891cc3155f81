/**
 * The seam between the kernels' dispatch (browser-safe) and the worker threads (Node only, in
 * `threads-pool.ts`): a dispatcher splits a product into one list of kernel calls per thread and
 * hands the lists to the registered pool. With no pool registered (the browser, a library user who
 * never called `setThreads`, a sweep trial in a worker) everything runs on the calling thread.
 *
 * Why results do not depend on the thread count: a split gives each thread a disjoint block of C,
 * and every kernel computes each element with the same operations in the same order (sums over p
 * ascending), so which thread, and which kernel of the family, computes an element changes nothing.
 */

/** One call of a kernel export: its name in the module and its arguments (pointers are byte offsets). */
export interface KernelCall {
  readonly name: string;
  readonly args: readonly number[];
}

/** Runs lists of kernel calls on several threads that share the arena's memory. */
export interface KernelPool {
  /** Threads in all, the caller's included (at least 2 for a registered pool). */
  readonly threads: number;
  /**
   * Runs every list of `parts` once, each on whichever thread takes it first (the caller's
   * included; the calls of one list in order), and returns when all are done. The lists must
   * write disjoint memory.
   */
  run(parts: readonly (readonly KernelCall[])[]): void;
}

let current: KernelPool | undefined;

/** Registers the pool the dispatchers split over (`undefined`: one thread). Used by `setThreads`. */
export function setKernelPool(pool: KernelPool | undefined): void {
  current = pool;
}

/** The registered pool, if any. */
export function kernelPool(): KernelPool | undefined {
  return current;
}

/**
 * Multiply-adds (m·n·k) each part must get before a product is split (so a product is split only
 * from twice this). A round trip to a worker costs about 5–30 µs on an idle machine (a futex wake
 * when it sleeps, less while it spins) and much more when the machine is busy; the SIMD kernels do
 * 2–4 multiply-adds per ns. Measured with `node bench/threads-threshold.mjs`: below about 1M
 * multiply-adds a product gained nothing that stood out of the noise, so the small models (the
 * bench's W1 to W3b, whose largest product is 8·400·260) stay on one thread.
 */
let minWorkPerThread = 1 << 19;

/** Overrides the split threshold above (multiply-adds per thread; tests use 0: split everything). */
export function setMinWorkPerThread(work: number): void {
  minWorkPerThread = work;
}

/** Parts per thread at most: a few, so that a thread the system schedules late leaves the others little to wait for. */
const PARTS_PER_THREAD = 4;

/**
 * How many parts to split work of `work` multiply-adds into, given `blocks` splittable units
 * (row or column blocks): 1 when there is no pool or the work is too small to gain. `scale`
 * multiplies the threshold for kernels that do more multiply-adds per ns (float32's, below).
 */
export function partsFor(work: number, blocks: number, scale = 1): number {
  const pool = current;
  if (pool === undefined) return 1;
  const byWork = minWorkPerThread <= 0 ? Infinity : Math.floor(work / (minWorkPerThread * scale));
  const parts = Math.min(pool.threads * PARTS_PER_THREAD, byWork, blocks);
  return parts >= 2 ? parts : 1;
}

/**
 * Boundaries 0 = b[0] < b[1] < ... < b[parts] = total of `parts` near-equal ranges whose inner
 * boundaries are multiples of `align` (so a kernel's blocks of 4 or 8 stay whole).
 */
export function splitRange(total: number, parts: number, align: number): number[] {
  const units = Math.ceil(total / align);
  const out = [0];
  for (let t = 1; t < parts; t++) out.push(Math.min(total, Math.round((units * t) / parts) * align));
  out.push(total);
  return out;
}

/**
 * An object with one method per kernel name that records each call into `calls` instead of
 * running it, so a dispatcher can fill a thread's list with the same code that runs the kernels.
 */
export function recorder<K>(names: readonly string[], calls: KernelCall[]): K {
  const r: Record<string, (...args: number[]) => void> = {};
  for (const name of names) r[name] = (...args: number[]): void => void calls.push({ name, args });
  return r as K;
}
