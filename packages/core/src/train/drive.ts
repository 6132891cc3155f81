/**
 * Running a training generator (`fitEpochs`, a trainer's epoch loop): it pauses (`yield`) at batch
 * boundaries, and the driver decides what a pause means. `drain` ignores pauses and runs it to the
 * end in one go (library use, tests). `drive` gives the event loop a turn at pauses at most every
 * `everyMs`, so that signal handlers and output run while training holds the thread, and stops at
 * the first pause after `signal` is aborted.
 */

/** Runs `steps` to the end without pausing and returns its result. */
export function drain<R>(steps: Generator<void, R, void>): R {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** What `drive` ends with: the generator's result, or `interrupted` at a batch boundary. */
export type Driven<R> = { readonly interrupted: false; readonly result: R } | { readonly interrupted: true; readonly reason: unknown };

export interface DriveOptions {
  /** Aborted by Ctrl-C or SIGTERM: training stops at the next pause. */
  readonly signal?: AbortSignal;
  /** Give the event loop a turn at most this often (default 50 ms). */
  readonly everyMs?: number;
}

/**
 * One turn of the event loop (a macrotask, so timers, I/O and signal handlers run): setImmediate
 * in Node, a MessageChannel message in a browser (setTimeout would wait at least 4 ms).
 */
const turn: () => Promise<void> = (() => {
  const g = globalThis as unknown as { setImmediate?: (f: () => void) => void; MessageChannel?: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } } };
  if (typeof g.setImmediate === 'function') return () => new Promise<void>((done) => g.setImmediate!(done));
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () => new Promise<void>((done) => {
      waiting.push(done);
      channel.port2.postMessage(0);
    });
  }
  return () => new Promise<void>((done) => setTimeout(done, 0));
})();

/** Runs `steps`, letting the event loop run at pauses; stops (and closes the generator) once `signal` is aborted. */
export async function drive<R>(steps: Generator<void, R, void>, options: DriveOptions = {}): Promise<Driven<R>> {
  const every = options.everyMs ?? 50;
  const signal = options.signal;
  let mark = performance.now();
  for (;;) {
    if (signal?.aborted === true) {
      steps.return(undefined as never);
      return { interrupted: true, reason: signal.reason };
    }
    const r = steps.next();
    if (r.done === true) return { interrupted: false, result: r.value };
    if (performance.now() - mark >= every) {
      await turn();
      mark = performance.now();
    }
  }
}
