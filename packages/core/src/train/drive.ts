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

const turn = (): Promise<void> => new Promise((done) => setImmediate(done));

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
