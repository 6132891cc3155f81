import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { POSITION_LENGTH, readPosition, workerExecArgv, writePosition, type ComponentConfig, type ComponentPlugin, type Matrix, type NoiseFn, type Rng } from '@sia/core';
import { AHEAD_PLUGINS, CONTROL_WORDS, DRAWN, START, STOP, TAKEN, type AheadWorkerData } from './ahead-worker.js';

/** Copies drawn ahead at most: a few epochs, so a stop wastes little. */
const SLOTS = 4;
/** How long an epoch waits for the worker before drawing on its own (the worker died or stalled). */
const PATIENCE_MS = 5000;
/** Atomics.load polls before sleeping: a copy usually arrives within a few µs of being asked for. */
const SPIN = 2000;

/** Two stream positions, number for number (`Object.is`: −0 and NaN count as themselves). */
function samePosition(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** The worker's entry: the built module beside this one (run from the sources, as the tests do, the one in dist). */
function workerModule(): string {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? '../../dist/noise/ahead-worker.js' : './ahead-worker.js', here).href;
}

/** A noise that draws its next epochs on another thread; `close` ends the thread (idempotent). */
export interface AheadNoise {
  readonly apply: NoiseFn;
  close(): void;
  /** Epochs whose copies came from the worker (the rest were drawn on the calling thread). */
  readonly fromWorker: number;
}

/**
 * Draws a training noise on a worker thread, epochs ahead of the training that uses it: the
 * copies an epoch trains on are ready when it starts, so drawing them (a third of each epoch for
 * dae-letters) overlaps the previous epochs' steps on the second core.
 *
 * The worker builds the same noise from the same config (`name`, `config`) with this package's
 * noise plugins, from a copy of the stream at the moment it takes over, and hands back each
 * epoch's copy with the stream's position after it; the caller's stream is moved there. So every
 * copy and every stream position are the bits of drawing here. Safeguards, each falling back to
 * drawing on the calling thread (never to other bits):
 * - the worker is used only once it reports that every plugin it built is the very plugin the run
 *   registered (`registered`): a third party's noise, or a replaced one, stays on this thread;
 * - before each epoch the caller's stream must stand exactly where the worker's previous copy left
 *   it (nothing else drew from it; e.g. a shuffle would), and `clean` must be the same matrix;
 * - a worker that fails, stalls for `PATIENCE_MS` or cannot start is dropped.
 * Until the worker is up (it loads its modules in the background) the epochs draw here.
 */
export function aheadNoise(inline: NoiseFn, name: string, config: unknown, registered: (kind: 'noise', name: string) => ComponentPlugin | undefined): AheadNoise {
  let worker: Worker | undefined;
  let port: MessagePort | undefined;
  let control: Int32Array | undefined, slots: Float64Array | undefined, start: Float64Array | undefined;
  let clean0: Matrix | undefined;
  let state: 'new' | 'booting' | 'ahead' | 'off' = 'new';
  let next = 0; // the worker's copy the next epoch takes
  let fromWorker = 0;
  const expect = new Float64Array(POSITION_LENGTH);
  const here = new Float64Array(POSITION_LENGTH);

  const close = (): void => {
    if (control !== undefined) {
      Atomics.store(control, STOP, 1);
      Atomics.store(control, START, 1);
      Atomics.notify(control, START);
      Atomics.notify(control, TAKEN);
    }
    void worker?.terminate();
    port?.close();
    worker = undefined;
    port = undefined;
    state = 'off';
  };

  const boot = (clean: Matrix): void => {
    state = 'off';
    try {
      const size = clean.rows * clean.cols;
      const c = new SharedArrayBuffer(4 * CONTROL_WORDS);
      const d = new SharedArrayBuffer(8 * SLOTS * (size + POSITION_LENGTH));
      const s = new SharedArrayBuffer(8 * POSITION_LENGTH);
      const channel = new MessageChannel();
      const data: Omit<AheadWorkerData, 'port'> & { port: MessagePort } = {
        noise: { ...(config as object), type: name } as ComponentConfig,
        rows: clean.rows,
        cols: clean.cols,
        clean: Float64Array.from(clean.data),
        slots: SLOTS,
        control: c,
        data: d,
        start: s,
        port: channel.port2,
      };
      const source = `import(${JSON.stringify(workerModule())}).then((m) => m.runAheadWorker(require('node:worker_threads').workerData))`;
      worker = new Worker(source, { eval: true, workerData: data, transferList: [channel.port2], execArgv: workerExecArgv() });
      worker.unref();
      worker.on('error', () => {}); // seen through the port or the patience limit
      port = channel.port1;
      control = new Int32Array(c);
      slots = new Float64Array(d);
      start = new Float64Array(s);
      clean0 = clean;
      state = 'booting';
    } catch {
      close();
    }
  };

  /** Once the worker is up: true when it may take over (its plugins are the run's). */
  const ready = (): boolean | undefined => {
    const m = receiveMessageOnPort(port!)?.message as { ready?: string[]; failed?: string } | undefined;
    if (m === undefined) return undefined;
    if (m.ready === undefined) return false;
    return m.ready.every((key) => {
      const [kind, plugin] = key.split('/') as ['noise', string];
      return AHEAD_PLUGINS.some((p) => p.kind === kind && p.name === plugin && registered(kind, plugin) === p);
    });
  };

  /** The worker's next copy into `out` and the stream to its position; false when the worker is gone. */
  const take = (out: Matrix, rng: Rng): boolean => {
    const I = control!;
    const began = performance.now();
    let spins = 0;
    while (Atomics.load(I, DRAWN) <= next) {
      if (Atomics.load(I, STOP) !== 0) return false;
      if (++spins < SPIN) continue;
      Atomics.wait(I, DRAWN, Atomics.load(I, DRAWN), 50);
      if (performance.now() - began > PATIENCE_MS) return false;
    }
    const size = out.rows * out.cols;
    const at = (next % SLOTS) * (size + POSITION_LENGTH);
    const from = slots!, to = out.data;
    for (let i = 0; i < size; i++) to[i] = from[at + i]!; // no views: nothing allocated per epoch
    for (let i = 0; i < POSITION_LENGTH; i++) expect[i] = from[at + size + i]!;
    writePosition(rng, expect);
    next++;
    Atomics.store(I, TAKEN, next);
    Atomics.notify(I, TAKEN);
    fromWorker++;
    return true;
  };

  const apply: NoiseFn = (clean: Matrix, out: Matrix, rng: Rng): void => {
    if (state === 'new') boot(clean);
    if (state === 'ahead') {
      const same = clean === clean0 && out.rows === clean.rows && out.cols === clean.cols && readPosition(rng, here) && samePosition(here, expect);
      if (same && take(out, rng)) return;
      close(); // the stream moved elsewhere or the worker is gone: from here on, this thread draws
    }
    inline(clean, out, rng);
    if (state === 'booting') {
      const ok = ready();
      if (ok === false || clean !== clean0 || !readPosition(rng, expect)) close();
      else if (ok === true) {
        // hand over: the worker starts from where this epoch left the stream
        start!.set(expect);
        Atomics.store(control!, START, 1);
        Atomics.notify(control!, START);
        state = 'ahead';
      }
    }
  };

  return {
    apply,
    close,
    get fromWorker() {
      return fromWorker;
    },
  };
}
