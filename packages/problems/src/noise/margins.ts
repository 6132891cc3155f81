import { wasmArena, type Matrix } from '@sia/core';
import { marginKernel } from './margin-kernel.js';

/**
 * How far a copy is from being confused with another item: for row i of `Y` (a noisy copy of
 * row i of the clean set), the least d(other) − d(own) over the distinct items other than its
 * own, d the squared distance. Positive means the copy is strictly nearer its own item
 * (decodable), and the value is its margin. The scan stops at the first other item with
 * d(other) − d(own) ≤ 0 and returns that value, so a result ≤ 0 only says "not decodable".
 */
export type MarginFn = (Y: Float64Array, i: number) => number;

/** For each row the first row equal to it, and the rows that are first of their kind. */
export function distinctItems(clean: Matrix): { item: Int32Array; distinct: Int32Array } {
  const n = clean.rows, cols = clean.cols, X = clean.data;
  const item = new Int32Array(n);
  const firsts: number[] = [];
  for (let i = 0; i < n; i++) {
    let same = i;
    for (const f of firsts) {
      if (squaredDistance(X, i, X, f, cols) === 0) {
        same = f;
        break;
      }
    }
    item[i] = same;
    if (same === i) firsts.push(i);
  }
  return { item, distinct: Int32Array.from(firsts) };
}

/** Squared distance between row a of A and row b of B (same width). */
function squaredDistance(A: Float64Array, a: number, B: Float64Array, b: number, cols: number): number {
  let d = 0;
  for (let j = 0; j < cols; j++) {
    const e = A[a * cols + j]! - B[b * cols + j]!;
    d += e * e;
  }
  return d;
}

/**
 * The margin of every copy of `clean`'s items (see `MarginFn`). Equal rows are one item (a
 * repeated dataset). Made once per clean set; the returned function allocates nothing.
 *
 * Binary items (every value 0 or 1, as glyphs are) take a shorter road. Only the pixels where
 * two items differ move d(other) − d(own), and each adds (y − o)² − (y − g)² flipped in sign:
 * v = 2y − 1 where the own item has ink, 1 − 2y where it has none. So v is worked out once per
 * copy and each other item costs a sum over the pixels where it differs from the own one (about
 * a third of a 5×7 glyph's 35) instead of a full distance. For binary copies (salt-and-pepper)
 * every term is an integer and the sums are exact, so decisions are the same as with distances.
 *
 * Other items are visited nearest first (fewest differing pixels), and the scan stops once no
 * item left can come nearer: d(b) − d(own) = Σ over the H_b differing pixels of v ≥ H_b − P with
 * P = Σ max(0, 1 − v) over all pixels, and H_b only grows from there. So an undecodable copy is
 * found sooner and a decodable one skips the far items, and the least margin is the same.
 *
 * Copies that live in the WebAssembly arena (the trainer's noisy batch) take `margin-kernel.ts`,
 * the same steps in WebAssembly (a native popcount), so the same values; others the loop here.
 */
export function marginOf(clean: Matrix): MarginFn {
  const { item, distinct } = distinctItems(clean);
  const X = clean.data, cols = clean.cols, nd = distinct.length;
  if (!X.every((v) => v === 0 || v === 1)) {
    return (Y, i) => {
      const own = squaredDistance(Y, i, X, i, cols);
      let nearest = Infinity;
      for (let k = 0; k < nd; k++) {
        const g = distinct[k]!;
        if (g === item[i]) continue;
        const d = squaredDistance(Y, i, X, g, cols);
        if (d <= own) return d - own;
        if (d < nearest) nearest = d;
      }
      return nearest - own;
    };
  }
  // pos[i]: the place of row i's item in `distinct`; pixels where items a and b differ are
  // diff[start[a·nd + b] .. start[a·nd + b + 1]).
  const pos = new Int32Array(clean.rows);
  for (let i = 0; i < clean.rows; i++) pos[i] = distinct.indexOf(item[i]!);
  const start = new Int32Array(nd * nd + 1);
  const diff: number[] = [];
  for (let a = 0; a < nd; a++) {
    for (let b = 0; b < nd; b++) {
      start[a * nd + b] = diff.length;
      if (a === b) continue;
      const ra = distinct[a]! * cols, rb = distinct[b]! * cols;
      for (let j = 0; j < cols; j++) if (X[ra + j] !== X[rb + j]) diff.push(j);
    }
  }
  start[nd * nd] = diff.length;
  const D = Int32Array.from(diff);
  // The same pixel sets as bit masks, for binary copies: there v = ±1 and the sum over a set is
  // its size minus twice the pixels of it that differ from the own item, a popcount (the same
  // integer, so the same decision, as the sum).
  const words = Math.ceil(cols / 32);
  const masks = new Int32Array(nd * nd * words);
  for (let ab = 0; ab < nd * nd; ab++) for (let t = start[ab]!; t < start[ab + 1]!; t++) masks[ab * words + (D[t]! >> 5)]! |= 1 << (D[t]! & 31);
  // order[a·(nd − 1) + k]: the k-th nearest other item of item a (fewest differing pixels first).
  const order = new Int32Array(nd * Math.max(nd - 1, 0));
  for (let a = 0; a < nd; a++) {
    const others = Array.from({ length: nd }, (_, b) => b).filter((b) => b !== a);
    others.sort((b, c) => start[a * nd + b + 1]! - start[a * nd + b]! - (start[a * nd + c + 1]! - start[a * nd + c]!) || b - c);
    order.set(others, a * (nd - 1));
  }
  const flips = new Int32Array(words);
  const v = new Float64Array(cols);
  const plain: MarginFn = (Y, i) => {
    const a = pos[i]!, row = i * cols;
    let binary = true;
    for (let w = 0; w < words; w++) flips[w] = 0;
    for (let j = 0; j < cols; j++) {
      const y = Y[row + j]!, own = X[row + j]!;
      if (y === own) continue;
      if (y === 1 - own) flips[j >> 5]! |= 1 << (j & 31);
      else binary = false;
    }
    // P: what the differing pixels can take off their count at most (twice the flips if binary)
    let p = 0;
    if (binary) {
      for (let w = 0; w < words; w++) p += 2 * popcount(flips[w]!);
    } else {
      for (let j = 0; j < cols; j++) {
        const y = Y[row + j]!;
        const vj = X[row + j] === 1 ? 2 * y - 1 : 1 - 2 * y;
        v[j] = vj;
        if (vj < 1) p += 1 - vj;
      }
    }
    const reach = p + BOUND_SLACK;
    let least = Infinity;
    for (let k = a * (nd - 1), end = k + nd - 1; k < end; k++) {
      const b = order[k]!;
      const ab = a * nd + b;
      if (start[ab + 1]! - start[ab]! - reach >= least) break; // no item left comes nearer
      let m: number;
      if (binary) {
        let flipped = 0;
        for (let w = 0; w < words; w++) flipped += popcount(masks[ab * words + w]! & flips[w]!);
        m = start[ab + 1]! - start[ab]! - 2 * flipped;
      } else {
        m = 0;
        for (let t = start[ab]!, e = start[ab + 1]!; t < e; t++) m += v[D[t]!]!;
      }
      if (m <= 0) return m;
      if (m < least) least = m;
    }
    return least;
  };
  return inWasm(clean, { pos, nd, start, D, masks, words, order }, plain) ?? plain;
}

/**
 * Added to P before the scan stops: the sums over differing pixels carry rounding errors (about
 * 1e-15 of them) that the bound does not, so stop only where no rounding can reach.
 */
const BOUND_SLACK = 1e-9;

/** The tables of a binary item set (see `marginOf`). */
interface Tables {
  readonly pos: Int32Array;
  readonly nd: number;
  readonly start: Int32Array;
  readonly D: Int32Array;
  readonly masks: Int32Array;
  readonly words: number;
  readonly order: Int32Array;
}

let kernelCalls = 0;

/** How many margins the kernel has computed in this process (tests check the route was taken). */
export function marginKernelCalls(): number {
  return kernelCalls;
}

type MarginKernel = (y: number, x: number, cols: number, a: number, nd: number, start: number, diff: number, masks: number, words: number, v: number, flips: number, order: number, slack: number) => number;
let kernel: MarginKernel | null | undefined = null;

/**
 * The kernel's route for the binary margins above, with copies of the tables and the items in the
 * arena; undefined when there is no arena. Copies outside the arena go to `plain`.
 */
function inWasm(clean: Matrix, tables: Tables, plain: MarginFn): MarginFn | undefined {
  const { pos, nd, start, D, masks, words, order } = tables;
  const arena = wasmArena();
  if (arena === undefined) return undefined;
  if (kernel === null) kernel = arena.instantiate([marginKernel()])?.['margin'] as MarginKernel | undefined;
  const run = kernel;
  if (run === undefined) return undefined;
  const copy = (a: Int32Array): Int32Array => {
    const c = arena.allocI32(Math.max(a.length, 1));
    c.set(a);
    return c;
  };
  const cols = clean.cols;
  const X = arena.alloc(clean.data.length);
  X.set(clean.data);
  const S = copy(start), Dw = copy(D), Mw = copy(masks), O = copy(order), F = arena.allocI32(words), v = arena.alloc(cols);
  if (![X, S, Dw, Mw, O, F, v].every((a) => arena.owns(a))) return undefined;
  const rowBytes = cols * 8;
  let owned: Float64Array | undefined; // the last copies found in the arena (a view there stays there)
  return (Y, i) => {
    // (the closure keeps the arena arrays referenced, so their blocks stay allocated)
    if (Y !== owned) {
      if (!arena.owns(Y)) return plain(Y, i);
      owned = Y;
    }
    kernelCalls++;
    return run(Y.byteOffset + i * rowBytes, X.byteOffset + i * rowBytes, cols, pos[i]!, nd, S.byteOffset, Dw.byteOffset, Mw.byteOffset, words, v.byteOffset, F.byteOffset, O.byteOffset, BOUND_SLACK);
  };
}

/** Set bits of a 32-bit integer. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
