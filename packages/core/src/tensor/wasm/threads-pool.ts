import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { wasmArena, type Arena } from './arena.js';
import { setKernelPool, type KernelCall, type KernelPool } from './pool.js';
import { WORKER_SOURCE } from './threads-worker.js';

/** Control words, one per 64-byte line (16 Int32s) so the threads' writes never share a cache line. */
const SEQ = 0, CLAIM = 16, DONE = 32, FAIL = 48, READY = 64, CONTROL_WORDS = 80;
/** Float64 slots for one job's parts and calls (a split posts a few dozen calls). */
const ARG_SLOTS = 4096;
/** Atomics.load polls before sleeping: tens of µs on this machine (the gaps inside a training step). */
const WORKER_SPIN = 20_000;
const CALLER_SPIN = 20_000;

/**
 * Worker threads that run the arena's kernels on the arena's own (shared) memory: each worker
 * instantiates the same compiled module on the same WebAssembly.Memory, so a pointer means the
 * same array in every thread and nothing is copied. A job is a list of parts; every thread, the
 * caller included, takes parts from a shared counter until none is left (see `threads-worker.ts`),
 * so a worker the (shared) machine schedules late costs no wait: the caller does its parts. The
 * caller then waits for the parts in flight, spinning briefly before Atomics.wait (allowed on
 * Node's main thread).
 *
 * The workers start with the first split product and are unref'd: they never keep the process
 * alive, and `close` ends them.
 */
export class ThreadPool implements KernelPool {
  readonly threads: number;
  private readonly workers: Worker[] = [];
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly index = new Map<string, number>();
  private readonly kernels: Record<string, (...args: number[]) => void>;
  private readonly arena: Arena;
  private seq = 0;
  /** Parts the workers ran so far (the others ran on the caller's thread). */
  workerParts = 0;
  /** Jobs run so far. */
  jobs = 0;

  constructor(arena: Arena, threads: number) {
    this.threads = threads;
    this.arena = arena;
    this.kernels = arena.kernels as unknown as Record<string, (...args: number[]) => void>;
    const wasm = (globalThis as unknown as { WebAssembly: { Module: { exports(m: object): { name: string; kind: string }[] } } }).WebAssembly;
    wasm.Module.exports(arena.module)
      .filter((e) => e.kind === 'function')
      .forEach((e, i) => this.index.set(e.name, i));
    const control = new SharedArrayBuffer(4 * CONTROL_WORDS);
    const args = new SharedArrayBuffer(8 * ARG_SLOTS);
    this.control = new Int32Array(control);
    this.args = new Float64Array(args);
  }

  /**
   * Starts the workers, on the first split product: a run whose products are all small never
   * starts a thread. They boot in the background; until they are up the caller takes every part.
   */
  private start(): void {
    const control = this.control.buffer, args = this.args.buffer, arena = this.arena;
    for (let w = 1; w < this.threads; w++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module: arena.module, memory: arena.memory, control, args, spin: WORKER_SPIN, SEQ, CLAIM, DONE, FAIL, READY },
      });
      worker.unref();
      // A worker that fails to start or dies takes no parts: the caller and the others do them.
      worker.on('error', () => {});
      this.workers.push(worker);
    }
  }

  run(parts: readonly (readonly KernelCall[])[]): void {
    if (this.workers.length === 0) this.start();
    const I = this.control;
    const total = parts.length;
    this.jobs++;
    if (total < 2 || total > 1024 || !this.write(parts)) {
      for (const list of parts) this.runHere(list);
      return;
    }
    Atomics.store(I, DONE, 0);
    Atomics.store(I, FAIL, 0);
    Atomics.store(I, CLAIM, total << 16);
    this.seq = this.seq >= 0x7ffffff0 ? 1 : this.seq + 1;
    Atomics.store(I, SEQ, this.seq);
    Atomics.notify(I, SEQ);
    let mine = 0;
    for (;;) {
      const w = Atomics.load(I, CLAIM);
      const next = w & 0xffff;
      if (next >= total) break;
      if (Atomics.compareExchange(I, CLAIM, w, w + 1) !== w) continue;
      this.runHere(parts[next]);
      mine++;
      Atomics.add(I, DONE, 1);
    }
    this.workerParts += total - mine;
    let d = Atomics.load(I, DONE);
    for (let s = 0; d !== total && s < CALLER_SPIN; s++) d = Atomics.load(I, DONE);
    while (d !== total) {
      Atomics.wait(I, DONE, d);
      d = Atomics.load(I, DONE);
    }
    if (Atomics.load(I, FAIL) !== 0) throw new Error('bug: a kernel failed in a worker thread');
  }

  private runHere(list: readonly KernelCall[]): void {
    for (const call of list) this.kernels[call.name](...call.args);
  }

  /** Writes a job's parts into the argument area; false when they do not fit (the caller runs them). */
  private write(parts: readonly (readonly KernelCall[])[]): boolean {
    const F = this.args;
    F[0] = this.arena.memory.buffer.byteLength;
    let p = 1 + parts.length;
    for (let t = 0; t < parts.length; t++) {
      F[1 + t] = p;
      if (p >= ARG_SLOTS) return false;
      F[p++] = parts[t].length;
      for (const call of parts[t]) {
        const i = this.index.get(call.name);
        if (i === undefined || p + 2 + call.args.length > ARG_SLOTS) return false;
        F[p] = i;
        F[p + 1] = call.args.length;
        for (let j = 0; j < call.args.length; j++) F[p + 2 + j] = call.args[j];
        p += 2 + call.args.length;
      }
    }
    return true;
  }

  /** Resolves once every worker has instantiated the module (true), or false after `ms`. */
  async ready(ms = 10_000): Promise<boolean> {
    if (this.workers.length === 0) this.start();
    const t0 = Date.now();
    while (Atomics.load(this.control, READY) < this.workers.length) {
      if (Date.now() - t0 > ms) return false;
      await new Promise((r) => setTimeout(r, 2));
    }
    return true;
  }

  /** Stops the workers (each finishes the part it is on first). */
  close(): void {
    Atomics.store(this.control, SEQ, -1);
    Atomics.notify(this.control, SEQ);
  }
}

let pool: ThreadPool | undefined;

/** The default thread count: `SIA_THREADS` when set, otherwise every core the process may use. */
export function defaultThreads(): number {
  const env = typeof process !== 'undefined' ? process.env.SIA_THREADS : undefined;
  if (env !== undefined && env !== '') {
    const n = parseThreads(env);
    if (n === undefined) throw new RangeError(`SIA_THREADS must be a positive integer (got "${env}")`);
    return n;
  }
  return availableParallelism();
}

/** A thread count from text (a flag or `SIA_THREADS`): a positive integer up to 256, else undefined. */
export function parseThreads(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 256 ? n : undefined;
}

/**
 * Sets how many threads (the caller's included) the matrix products may split over, from now on:
 * `n` = 1 runs everything on the calling thread; no argument takes {@link defaultThreads}. Only
 * products big enough to gain are split (small ones stay on the caller's thread whatever `n`), and
 * the results are the same bits for every `n`. Node only (the browser build has no threads);
 * without WebAssembly (or with `SIA_WASM=0`) there is nothing to split and this returns 1.
 * Returns the thread count in effect. Calling it again replaces the previous workers.
 */
export function setThreads(n?: number): number {
  const want = n ?? defaultThreads();
  if (!Number.isInteger(want) || want < 1) throw new RangeError(`threads must be a positive integer (got ${want})`);
  if (pool?.threads === want) return want;
  pool?.close();
  pool = undefined;
  setKernelPool(undefined);
  const arena = want > 1 ? wasmArena() : undefined;
  if (arena === undefined) return 1;
  pool = new ThreadPool(arena, want);
  setKernelPool(pool);
  return pool.threads;
}

/** The pool in effect, if any (tests and measurements wait for it to be ready and read its counters). */
export function threadPool(): ThreadPool | undefined {
  return pool;
}

/**
 * Starts the workers now (they otherwise start with the first split product) and resolves once
 * they are up: true, or false after `ms`. With one thread there is nothing to wait for (true).
 */
export function threadsReady(ms?: number): Promise<boolean> {
  return pool === undefined ? Promise.resolve(true) : pool.ready(ms);
}

/** What the pool did so far: split products (`jobs`) and the parts of them the workers ran. */
export interface ThreadStats {
  readonly threads: number;
  readonly jobs: number;
  readonly workerParts: number;
}

/** The thread count in effect and the pool's counters (zeros with one thread). */
export function threadStats(): ThreadStats {
  return { threads: pool?.threads ?? 1, jobs: pool?.jobs ?? 0, workerParts: pool?.workerParts ?? 0 };
}

/** The thread count in effect (1 until {@link setThreads} asks for more). */
export function threadCount(): number {
  return pool?.threads ?? 1;
}
