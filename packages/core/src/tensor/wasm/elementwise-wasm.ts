import type { AnyMatrix, FloatArray } from '../matrix.js';
import { wasmArena, type Arena } from './arena.js';
import type { KernelExports } from './kernels.js';
import { EXP_PARTS } from '../exp.js';

/**
 * The WebAssembly route of the per-element work of a training step (`elementwise-kernels.ts`,
 * `log-kernels.ts`): bias rows and sums, activation derivatives, loss gradients and the BCE sum.
 * Each function runs its kernel and returns true when every array lives in the arena and the
 * element types are ones a kernel exists for; otherwise it does nothing and returns false, and the
 * caller runs its plain loop (the browser without the arena, heap arrays, mixed types). Either
 * route gives the same bits. Nothing is allocated per call.
 */

let calls = 0;

/**
 * Kernel names by element kind, spelled out once: a template string (`${name}${kind}`) at each
 * call would build a new string every call of the training loop.
 */
const NAMES = {
  lgf: { '64': 'lgf64', '32': 'lgf32' },
  tanhf: { '64': 'tanhf64', '32': 'tanhf32' },
  lgb: { '64': 'lgb64', '32': 'lgb32' },
  tanhb: { '64': 'tanhb64', '32': 'tanhb32' },
  bceg: { '64': 'bceg64', '32': 'bceg32', '32t': 'bceg32t' },
  mseg: { '64': 'mseg64', '32': 'mseg32', '32t': 'mseg32t' },
  bce: { '64': 'bce64', '32': 'bce32', '32t': 'bce32t' },
  mse: { '64': 'mse64', '32': 'mse32', '32t': 'mse32t' },
} as const;

/** How many times a per-element kernel has run in this process (tests check the route was taken). */
export function elementwiseCalls(): number {
  return calls;
}

/** The arena when it owns every array, else undefined. */
function owning(a: FloatArray, b: FloatArray, c?: FloatArray): Arena | undefined {
  const arena = wasmArena();
  if (arena === undefined || !arena.owns(a) || !arena.owns(b) || (c !== undefined && !arena.owns(c))) return undefined;
  return arena;
}

/** '64' or '32' when the arrays share one element type, else undefined. */
function same(a: FloatArray, b: FloatArray, c?: FloatArray): '64' | '32' | undefined {
  if (a.constructor !== b.constructor || (c !== undefined && c.constructor !== a.constructor)) return undefined;
  return a instanceof Float64Array ? '64' : '32';
}

/** For a loss: prediction and gradient of one type; the target of that type, or float64 for float32. */
function withTarget(p: FloatArray, t: FloatArray, g?: FloatArray): '64' | '32' | '32t' | undefined {
  if (g !== undefined && g.constructor !== p.constructor) return undefined;
  if (t.constructor === p.constructor) return p instanceof Float64Array ? '64' : '32';
  return p instanceof Float32Array ? '32t' : undefined;
}

/** `fillRows(out, v)` (v.length === out.cols, checked by the caller). */
export function fillRowsWasm(out: AnyMatrix, v: FloatArray): boolean {
  const O = out.data;
  const arena = same(O, v) === undefined ? undefined : owning(O, v);
  if (arena === undefined) return false;
  arena.kernels.frows(v.byteOffset, O.byteOffset, out.rows, out.cols * O.BYTES_PER_ELEMENT);
  calls++;
  return true;
}

/** `columnSums(x, out, accumulate)` (out.length === x.cols, checked by the caller). */
export function columnSumsWasm(x: AnyMatrix, out: FloatArray, accumulate: boolean): boolean {
  const X = x.data;
  const kind = same(X, out);
  const arena = kind === undefined ? undefined : owning(X, out);
  if (arena === undefined) return false;
  const rowBytes = x.cols * X.BYTES_PER_ELEMENT;
  if (kind === '64') arena.kernels.csum64(X.byteOffset, out.byteOffset, x.rows, rowBytes, accumulate ? 1 : 0);
  else arena.kernels.csum32(X.byteOffset, out.byteOffset, x.rows, rowBytes, accumulate ? 1 : 0);
  calls++;
  return true;
}

/** y = z > 0 ? z : a·z + 0 (`Relu.forward`). */
export function reluForwardWasm(z: FloatArray, y: FloatArray, a: number): boolean {
  const kind = z.length === y.length ? same(z, y) : undefined;
  const arena = kind === undefined ? undefined : owning(z, y);
  if (arena === undefined) return false;
  arena.kernels[kind === '64' ? 'relu64' : 'relu32'](z.byteOffset, y.byteOffset, z.length, a);
  calls++;
  return true;
}

let expTable: Float64Array | undefined; // expFast's 2^(j/32), in the arena for the forward kernels

/** y = f(k·z) by `lgf` (logistic) or `tanhf` (tanh), both through expFast's port. */
function expForward(name: 'lgf' | 'tanhf', z: FloatArray, y: FloatArray, k: number): boolean {
  const kind = z.length === y.length ? same(z, y) : undefined;
  const arena = kind === undefined ? undefined : owning(z, y);
  if (arena === undefined) return false;
  if (expTable === undefined || !arena.owns(expTable)) {
    expTable = arena.alloc(32);
    if (!arena.owns(expTable)) return false;
    expTable.set(EXP_PARTS.TABLE);
  }
  arena.kernels[NAMES[name][kind!]](z.byteOffset, y.byteOffset, z.length, expTable.byteOffset, k);
  calls++;
  return true;
}

/** y = 1 / (1 + expFast(k·z)) (`Logistic.forward`, k = −2β). */
export function logisticForwardWasm(z: FloatArray, y: FloatArray, k: number): boolean {
  return expForward('lgf', z, y, k);
}

/** y = 1 − 2 / (1 + expFast(k·z)) (`Tanh.forward`, k = 2β). */
export function tanhForwardWasm(z: FloatArray, y: FloatArray, k: number): boolean {
  return expForward('tanhf', z, y, k);
}

type Backward = 'relub' | 'lgb' | 'tanhb';

/** dz from (z or y, dy) by `name` with one or two constants. */
function backward(name: Backward, v: FloatArray, dy: FloatArray, dz: FloatArray, c0: number, c1: number): boolean {
  const kind = v.length === dy.length && v.length === dz.length ? same(v, dy, dz) : undefined;
  const arena = kind === undefined ? undefined : owning(v, dy, dz);
  if (arena === undefined) return false;
  const k: KernelExports = arena.kernels;
  const n = v.length;
  if (name === 'relub') k[kind === '64' ? 'relub64' : 'relub32'](v.byteOffset, dy.byteOffset, dz.byteOffset, n, c0);
  else k[NAMES[name][kind!]](v.byteOffset, dy.byteOffset, dz.byteOffset, n, c0, c1);
  calls++;
  return true;
}

/** dz = z > 0 ? dy : a·dy + 0 (`Relu.backward`). */
export function reluBackwardWasm(z: FloatArray, dy: FloatArray, dz: FloatArray, a: number): boolean {
  return backward('relub', z, dy, dz, a, 0);
}

/** dz = dy·k·y·(1 − y) (`Logistic.backward`, k = 2β). */
export function logisticBackwardWasm(y: FloatArray, dy: FloatArray, dz: FloatArray, k: number): boolean {
  return backward('lgb', y, dy, dz, k, 1);
}

/** dz = dy·b·(1 − y·y) (`Tanh.backward`, b = β). */
export function tanhBackwardWasm(y: FloatArray, dy: FloatArray, dz: FloatArray, b: number): boolean {
  return backward('tanhb', y, dy, dz, b, 1);
}

/** g = (k·(p − t)) / (p·(1 − p)) with p clamped to [lo, hi] (`BinaryCrossEntropy.gradient`). */
export function bceGradientWasm(p: FloatArray, t: FloatArray, g: FloatArray, lo: number, hi: number, k: number): boolean {
  const kind = p.length === t.length && p.length === g.length ? withTarget(p, t, g) : undefined;
  const arena = kind === undefined ? undefined : owning(p, t, g);
  if (arena === undefined) return false;
  arena.kernels[NAMES.bceg[kind!]](p.byteOffset, t.byteOffset, g.byteOffset, p.length, lo, hi, k, 1);
  calls++;
  return true;
}

/** g = k·(p − t) (`MeanSquaredError.gradient`). */
export function mseGradientWasm(p: FloatArray, t: FloatArray, g: FloatArray, k: number): boolean {
  const kind = p.length === t.length && p.length === g.length ? withTarget(p, t, g) : undefined;
  const arena = kind === undefined ? undefined : owning(p, t, g);
  if (arena === undefined) return false;
  arena.kernels[NAMES.mseg[kind!]](p.byteOffset, t.byteOffset, g.byteOffset, p.length, k);
  calls++;
  return true;
}

let sum: Float64Array | undefined; // where the loss-sum kernels leave their sum (one element, in the arena)

/** The arena's one-element sum buffer, made on first use (undefined when the memory is full). */
function sumSlot(arena: Arena): Float64Array | undefined {
  if (sum === undefined || !arena.owns(sum)) {
    sum = arena.alloc(1);
    if (!arena.owns(sum)) return (sum = undefined); // the memory is full: a plain array
  }
  return sum;
}

/** The squared-error sum Σ (p − t)² in index order (`MeanSquaredError.value` before the scale); undefined when the route does not apply. */
export function mseSumWasm(p: FloatArray, t: FloatArray): number | undefined {
  const kind = p.length === t.length ? withTarget(p, t) : undefined;
  const arena = kind === undefined ? undefined : owning(p, t);
  const slot = arena === undefined ? undefined : sumSlot(arena);
  if (slot === undefined) return undefined;
  arena!.kernels[NAMES.mse[kind!]](p.byteOffset, t.byteOffset, p.length, slot.byteOffset);
  calls++;
  return slot[0]!;
}

/**
 * The BCE element sum −Σ [t·ln p + (1 − t)·ln(1 − p)], p clamped to [lo, hi], in index order
 * (`BinaryCrossEntropy.value` before the reduction scale); undefined when the route does not apply.
 */
export function bceSumWasm(p: FloatArray, t: FloatArray, lo: number, hi: number): number | undefined {
  const kind = p.length === t.length ? withTarget(p, t) : undefined;
  const arena = kind === undefined ? undefined : owning(p, t);
  const slot = arena === undefined ? undefined : sumSlot(arena);
  if (slot === undefined) return undefined;
  arena!.kernels[NAMES.bce[kind!]](p.byteOffset, t.byteOffset, p.length, lo, hi, slot.byteOffset);
  calls++;
  return slot[0]!;
}
