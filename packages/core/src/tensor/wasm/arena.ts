import { Matrix, type AnyMatrix, type Precision } from '../matrix.js';
import { kernelModuleBytes, KERNEL_NAMES, type KernelExports } from './kernels.js';
import { emitModule, type FuncDef } from './emit.js';

/** The parts of the WebAssembly JS API used here (the project's `lib` setting does not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

/**
 * Float64 arrays that live in one shared WebAssembly memory, so the SIMD kernels in `kernels.ts`
 * work on them in place (no copy in or out). A layer's weights, gradients and batch buffers and
 * Adam's moments are allocated here; to every other piece of code they are ordinary
 * Float64Arrays.
 *
 * Why shared: growing a non-shared memory detaches its ArrayBuffer and every view on it; a
 * shared memory keeps its address range (reserved up to the maximum) and old views stay valid.
 *
 * Lifetime: a block is returned to a free list when the Float64Array that `alloc` returned is
 * garbage-collected (FinalizationRegistry). Views made from it with `subarray` do not keep the
 * block: keep the array itself while such a view is in use (sia's layers own theirs for life).
 *
 * `SIA_WASM=0` in the environment turns the arena (and so every WebAssembly path) off: arrays are
 * then plain Float64Arrays and the plain TypeScript kernels run; results are the same bits.
 */
export class Arena {
  readonly kernels: KernelExports;
  /** The shared memory and the compiled kernel module, for worker threads to instantiate on (`threads-pool.ts`). */
  readonly memory: WasmMemory;
  readonly module: object;
  /** Every ArrayBuffer object the memory has shown (a new one after each grow), newest first. */
  private buffers: ArrayBufferLike[] = [];
  private readonly free = new Map<number, number[]>();
  private readonly registry: FinalizationRegistry<{ offset: number; bytes: number }>;
  private top = 16; // byte 0 is never handed out, so a null pointer stays recognisable
  private pages: number;

  constructor(memory: WasmMemory, kernels: KernelExports, module: object) {
    this.memory = memory;
    this.kernels = kernels;
    this.module = module;
    this.pages = memory.buffer.byteLength / 65536;
    this.buffers = [memory.buffer];
    this.registry = new FinalizationRegistry(({ offset, bytes }) => {
      let list = this.free.get(bytes);
      if (list === undefined) this.free.set(bytes, (list = []));
      list.push(offset);
    });
  }

  /** A zeroed Float64Array of `n` elements in the shared memory, 16-byte aligned. */
  alloc(n: number): Float64Array {
    const offset = this.block(n * 8);
    if (offset < 0) return new Float64Array(n);
    return this.view(new Float64Array(this.memory.buffer, offset, n), offset, n * 8);
  }

  /** A zeroed Float32Array of `n` elements in the shared memory, 16-byte aligned. */
  allocF32(n: number): Float32Array {
    const offset = this.block(n * 4);
    if (offset < 0) return new Float32Array(n);
    return this.view(new Float32Array(this.memory.buffer, offset, n), offset, n * 4);
  }

  private view<A extends Float64Array | Float32Array | Int32Array>(view: A, offset: number, size: number): A {
    const buffer = view.buffer;
    if (buffer !== this.buffers[0]) this.buffers = [buffer, ...this.buffers];
    view.fill(0);
    this.registry.register(view, { offset, bytes: Math.max(16, (size + 15) & ~15) });
    return view;
  }

  /** The byte offset of a free block of at least `size` bytes, or −1 when the memory cannot grow. */
  private block(size: number): number {
    const bytes = Math.max(16, (size + 15) & ~15);
    const reused = this.free.get(bytes)?.pop();
    if (reused !== undefined) return reused;
    const offset = this.top;
    const end = offset + bytes;
    if (end > this.pages * 65536) {
      const need = Math.ceil(end / 65536) - this.pages;
      try {
        this.memory.grow(Math.min(Math.max(need, this.pages), MAX_PAGES - this.pages)); // at least double: few grows, few buffers to scan
      } catch {
        return -1; // the 4 GiB are taken (or the system refuses): a plain array, the plain route
      }
      this.pages = this.memory.buffer.byteLength / 65536;
      if (end > this.pages * 65536) return -1;
    }
    this.top = end;
    return offset;
  }

  /** True when `a` is a view on this arena's memory (so the kernels can use it in place). */
  owns(a: Float64Array | Float32Array | Int32Array): boolean {
    // A short scan by identity: the memory shows a handful of buffers over a process's life
    // (it starts at 16 MiB and at least doubles), and this runs several times per training step.
    const b = a.buffer, list = this.buffers;
    for (let i = 0; i < list.length; i++) if (list[i] === b) return true;
    return false;
  }

  /**
   * A module of `funcs` (written with `emit.ts`) instantiated on this arena's memory, so its
   * functions work on arena arrays in place: for kernels that belong to another package (a
   * plugin's own). Returns the exported functions, or undefined when the engine refuses.
   */
  instantiate(funcs: readonly FuncDef[]): Record<string, unknown> | undefined {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return undefined;
    try {
      return new wasm.Instance(new wasm.Module(emitModule(funcs, MAX_PAGES)), { env: { mem: this.memory } }).exports;
    } catch {
      return undefined;
    }
  }

  /** A zeroed Int32Array of `n` elements in the shared memory (tables for kernels); plain when the memory is full. */
  allocI32(n: number): Int32Array {
    const offset = this.block(n * 4);
    if (offset < 0) return new Int32Array(n);
    return this.view(new Int32Array(this.memory.buffer, offset, n), offset, n * 4);
  }

  /** Bytes reserved so far (the high-water mark; freed blocks are reused, not returned). */
  get reservedBytes(): number {
    return this.top;
  }
}

/** 2^16 pages of 64 KiB: the whole 4 GiB a 32-bit memory can address. */
const MAX_PAGES = 65536;

function create(): Arena | undefined {
  if (typeof process !== 'undefined' && process.env?.SIA_WASM === '0') return undefined;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  try {
    const memory = new wasm.Memory({ initial: 256, maximum: MAX_PAGES, shared: true });
    const module = new wasm.Module(kernelModuleBytes(MAX_PAGES));
    const instance = new wasm.Instance(module, { env: { mem: memory } });
    for (const name of KERNEL_NAMES) {
      if (typeof instance.exports[name] !== 'function') return undefined;
    }
    return new Arena(memory, instance.exports as unknown as KernelExports, module);
  } catch {
    // No WebAssembly SIMD or no shared memory here: the plain kernels serve.
    return undefined;
  }
}

let arena: Arena | undefined | null = null;
let enabled = true;

/** The process's arena, made on first use; `undefined` when WebAssembly SIMD is unavailable or off. */
export function wasmArena(): Arena | undefined {
  if (!enabled) return undefined;
  if (arena === null) arena = create();
  return arena;
}

/**
 * Turns the WebAssembly route on or off for what is built and run from now on (tests use it to
 * compare both routes in one process; `SIA_WASM=0` is the way for a whole run). Arrays already in
 * the arena stay valid; with the route off, new arrays are plain and every kernel is the plain one.
 */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

/** A zeroed Float64Array, in the arena when there is one (for buffers the kernels should see). */
export function allocF64(n: number): Float64Array {
  const a = wasmArena();
  return a === undefined ? new Float64Array(n) : a.alloc(n);
}

/** A zeroed Float32Array, in the arena when there is one. */
export function allocF32(n: number): Float32Array {
  const a = wasmArena();
  return a === undefined ? new Float32Array(n) : a.allocF32(n);
}

/** `m` itself when its data is in the arena or there is no arena; else a copy of it in the arena. */
export function inArena(m: Matrix): Matrix {
  const a = wasmArena();
  if (a === undefined || a.owns(m.data)) return m;
  const copy = new Matrix(m.rows, m.cols, a.alloc(m.rows * m.cols));
  copy.data.set(m.data);
  return copy;
}

/** A zeroed matrix of `precision`, its data in the arena when there is one. */
export function arenaMatrix(rows: number, cols: number, precision: 'float64'): Matrix;
export function arenaMatrix(rows: number, cols: number, precision: Precision): AnyMatrix;
export function arenaMatrix(rows: number, cols: number, precision: Precision): AnyMatrix {
  return precision === 'float32' ? new Matrix(rows, cols, allocF32(rows * cols)) : new Matrix(rows, cols, allocF64(rows * cols));
}
