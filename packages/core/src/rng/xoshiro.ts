import type { Rng } from './rng.js';
import { logExact } from '../tensor/log.js';
import { cosExact, sinExact } from '../tensor/trig.js';
import { wasmArena, type Arena } from '../tensor/wasm/arena.js';

/**
 * xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, 32-bit operations only, so it is
 * exact and fast in JavaScript (Math.imul, >>>). Period 2^128 − 1; passes BigCrush.
 *
 * A stream's identity is (seed, path of labels). The four state words come from splitmix32
 * run on a hash of that identity, so `fork(label)` depends only on who the parent is, never on
 * how many numbers the parent has drawn: forking is order-independent, and adding a stage to a
 * pipeline leaves every other stage's numbers unchanged.
 */

/** Murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One murmur3 mixing round of a 32-bit word into the running hash. */
function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * Hashes (seed, path) into a 32-bit word, starting from `init` (two inits give 64 bits).
 * The seed enters through its IEEE-754 bits (any finite number is a valid seed; 0 and −0 are one).
 * Each label is length-prefixed, so ['ab', 'c'] and ['a', 'bc'] differ.
 */
function hashIdentity(seed: number, path: readonly string[], init: number): number {
  F64[0] = seed + 0; // + 0 turns −0 into 0
  let h = init;
  h = mix(h, U32[0]!);
  h = mix(h, U32[1]!);
  for (const label of path) {
    h = mix(h, label.length);
    for (let i = 0; i < label.length; i++) h = mix(h, label.charCodeAt(i));
  }
  return fmix32(h ^ (path.length * 8 + 8));
}

/** splitmix32 (a 32-bit variant of Steele et al.'s splitmix): expands a word into a seed sequence. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

const TWO_POW_M53 = 1 / 9007199254740992; // 2^-53
const TWO_PI = 2 * Math.PI;

/** `normals`' buffers in the arena (uniform pairs in, normals out), one pair per process, grown as needed. */
let bmU: Float64Array = new Float64Array(0), bmZ: Float64Array = new Float64Array(0);
/** Whether bmU and bmZ are both in the arena (checked once, when they are made). */
let bmInArena = false;

/** The arena with bmU and bmZ holding at least `n` numbers, or undefined (no arena: the plain route). */
function scratchArena(n: number): Arena | undefined {
  const arena = wasmArena();
  if (arena === undefined) return undefined;
  if (bmU.length < n) {
    const size = Math.max(n, 256);
    bmU = arena.alloc(size);
    bmZ = arena.alloc(size);
    bmInArena = arena.owns(bmU) && arena.owns(bmZ);
  }
  return bmInArena ? arena : undefined;
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller makes two normals per draw; the second waits here. */
  private spare = 0;
  private hasSpare = false;
  /** Streams forked from this one, in fork order (a checkpoint saves the whole tree). */
  readonly children: Xoshiro128[] = [];
  /** States restored from a checkpoint for children not forked yet, by fork index. */
  pending: (StreamState | undefined)[] | undefined;

  constructor(
    private readonly seed: number,
    private readonly path: readonly string[],
    state?: readonly [number, number, number, number],
  ) {
    if (state) {
      [this.s0, this.s1, this.s2, this.s3] = [state[0] | 0, state[1] | 0, state[2] | 0, state[3] | 0];
      return;
    }
    const st = { s: hashIdentity(seed, path, 0x2545f491) ^ Math.imul(hashIdentity(seed, path, 0x9e3779b9), 0x27d4eb2d) };
    this.s0 = splitmix32(st) | 0;
    this.s1 = splitmix32(st) | 0;
    this.s2 = splitmix32(st) | 0;
    this.s3 = splitmix32(st) | 0;
    // The all-zero state is the one fixed point of xoshiro; splitmix32 makes it vanishingly
    // unlikely, but keep the generator correct anyway.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    // result = rotl(s1 * 5, 7) * 9
    const t5 = Math.imul(s1, 5);
    const result = Math.imul((t5 << 7) | (t5 >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  /** 53 random bits from two outputs (26 + 27), so every double in [0, 1) on the 2^-53 grid is reachable. */
  uniform(): number {
    const hi = this.nextUint32() >>> 6; // 26 bits
    const lo = this.nextUint32() >>> 5; // 27 bits
    return (hi * 134217728 + lo) * TWO_POW_M53;
  }

  /** Box–Muller: z0 = √(−2 ln u1)·cos(2π u2), z1 = √(−2 ln u1)·sin(2π u2), with u1 in (0, 1]. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * logExact(u1));
    const a = TWO_PI * u2;
    this.spare = r * sinExact(a);
    this.hasSpare = true;
    return r * cosExact(a);
  }

  /**
   * n normals as n calls of `normal` would give them (the same bits, the same state after): the
   * uniforms are drawn here in the same order, and with an arena the logarithms, sines and cosines
   * run in the WebAssembly kernel `bmx` (fdlibm's, as `normal` uses).
   */
  normals(out: Float64Array | Float32Array, n: number): void {
    let i = 0;
    if (n > 0 && this.hasSpare) {
      this.hasSpare = false;
      out[i++] = this.spare;
    }
    const pairs = (n - i + 1) >> 1;
    const arena = pairs >= 2 ? scratchArena(2 * pairs) : undefined;
    if (arena === undefined) {
      for (; i < n; i++) out[i] = this.normal();
      return;
    }
    const u = bmU, z = bmZ;
    for (let k = 0; k < 2 * pairs; k++) u[k] = this.uniform();
    arena.kernels.bmx(u.byteOffset, z.byteOffset, pairs);
    const first = i;
    for (; i < n; i++) out[i] = z[i - first]!;
    if (2 * pairs > n - first) {
      this.spare = z[2 * pairs - 1]!;
      this.hasSpare = true;
    }
  }

  /** Uniform integer in [0, n): floor(n·u) with 53-bit u (bias below 2^-21 for any n < 2^32). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Fisher–Yates from the end: every permutation equally likely. */
  shuffle(a: Int32Array | number[]): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
  }

  fork(label: string): Rng {
    const child = new Xoshiro128(this.seed, [...this.path, label]);
    const saved = this.pending?.[this.children.length];
    this.children.push(child);
    if (saved !== undefined) {
      if (saved.label !== label) throw new Error(`restoring streams: stream ${this.children.length} of ${this.name()} was '${saved.label}' in the checkpoint, now '${label}'`);
      child.load(saved);
    }
    return child;
  }

  /** Into out[at, at + 6): the four state words, 1 or 0 for a waiting normal, that normal. */
  position(out: Float64Array, at: number): void {
    out[at] = this.s0 >>> 0;
    out[at + 1] = this.s1 >>> 0;
    out[at + 2] = this.s2 >>> 0;
    out[at + 3] = this.s3 >>> 0;
    out[at + 4] = this.hasSpare ? 1 : 0;
    out[at + 5] = this.hasSpare ? this.spare : 0;
  }

  /** Back to a position `position` wrote. */
  setPosition(from: Float64Array, at: number): void {
    this.s0 = from[at]! | 0;
    this.s1 = from[at + 1]! | 0;
    this.s2 = from[at + 2]! | 0;
    this.s3 = from[at + 3]! | 0;
    this.hasSpare = from[at + 4] === 1;
    this.spare = this.hasSpare ? from[at + 5]! : 0;
  }

  name(): string {
    return this.path.length === 0 ? '<root>' : this.path.join('/');
  }

  save(): StreamState {
    F64[0] = this.spare;
    return {
      label: this.path[this.path.length - 1] ?? '',
      words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
      spare: this.hasSpare ? [U32[0]!, U32[1]!] : null,
      children: this.children.map((c) => c.save()),
    };
  }

  /** Throws when `state` names other streams than those forked so far (nothing is changed). */
  check(state: StreamState): void {
    state.children.forEach((c, i) => {
      const child = this.children[i];
      if (child === undefined) return;
      const label = child.path[child.path.length - 1];
      if (label !== c.label) throw new Error(`restoring streams: stream ${i + 1} of ${this.name()} was '${c.label}' in the checkpoint, now '${label}'`);
      child.check(c);
    });
  }

  load(state: StreamState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.words.map((w) => w | 0) as [number, number, number, number];
    if (state.spare === null) {
      this.hasSpare = false;
      this.spare = 0;
    } else {
      U32[0] = state.spare[0];
      U32[1] = state.spare[1];
      this.spare = F64[0]!;
      this.hasSpare = true;
    }
    const later: (StreamState | undefined)[] = [];
    state.children.forEach((c, i) => {
      const child = this.children[i];
      if (child === undefined) later[i] = c;
      else child.load(c);
    });
    this.pending = later.length > 0 ? later : undefined;
  }
}

/**
 * A stream's exact position, and those of every stream forked from it (in fork order): the four
 * state words, the waiting second normal of Box–Muller (its IEEE-754 bits), the children.
 * Plain JSON, so a checkpoint can keep it.
 */
export interface StreamState {
  readonly label: string;
  readonly words: readonly [number, number, number, number];
  /** The two 32-bit halves (little-endian) of the waiting normal, or null when none waits. */
  readonly spare: readonly [number, number] | null;
  readonly children: readonly StreamState[];
}

function own(rng: Rng, what: string): Xoshiro128 {
  if (!(rng instanceof Xoshiro128)) throw new TypeError(`${what}: only streams made by createRng can be saved`);
  return rng;
}

/** The position of `rng` and of every stream forked from it so far. */
export function saveStreams(rng: Rng): StreamState {
  return own(rng, 'saveStreams').save();
}

/**
 * Puts `rng` and its forks back where `saveStreams` found them. Streams forked since are matched
 * by fork order and label; streams not forked yet get their saved position when they are.
 * Throws when a label differs (the code forks other streams than the checkpoint's), before
 * changing any stream.
 */
export function restoreStreams(rng: Rng, state: StreamState): void {
  const x = own(rng, 'restoreStreams');
  x.check(state);
  x.load(state);
}

/** Numbers in a stream's position (`readPosition`). */
export const POSITION_LENGTH = 6;

/**
 * The position of one stream, without its forks, into out[at, at + POSITION_LENGTH): for a
 * worker thread that draws from a copy of the stream ahead of time and hands the stream back
 * where it ended (no allocation, unlike `saveStreams`). False, nothing written, when `rng` was
 * not made by createRng or has forks (their positions are not part of it).
 */
export function readPosition(rng: Rng, out: Float64Array, at = 0): boolean {
  if (!(rng instanceof Xoshiro128) || rng.children.length > 0) return false;
  rng.position(out, at);
  return true;
}

/** Puts a stream (made by createRng, without forks) at a position `readPosition` wrote; false when it cannot. */
export function writePosition(rng: Rng, from: Float64Array, at = 0): boolean {
  if (!(rng instanceof Xoshiro128) || rng.children.length > 0) return false;
  rng.setPosition(from, at);
  return true;
}

/** Whether `value` has the shape of a `StreamState` (for reading checkpoints). */
export function isStreamState(value: unknown, depth = 0): value is StreamState {
  if (depth > 32 || typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const word = (w: unknown): boolean => Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 0xffffffff;
  return (
    typeof v.label === 'string' &&
    Array.isArray(v.words) && v.words.length === 4 && v.words.every(word) && v.words.some((w) => w !== 0) &&
    (v.spare === null || (Array.isArray(v.spare) && v.spare.length === 2 && v.spare.every(word))) &&
    Array.isArray(v.children) && v.children.every((c) => isStreamState(c, depth + 1))
  );
}

/**
 * A seeded stream. `createRng(seed)` is the pipeline's root; `createRng(seed, label)` is the same
 * as `createRng(seed).fork(label)` (e.g. the stream of stage `label`). Same (seed, labels) =>
 * same sequence on every platform.
 */
export function createRng(seed: number, label?: string): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got ${seed}`);
  return new Xoshiro128(seed, label === undefined ? [] : [label]);
}

/**
 * A raw xoshiro128** generator started from an explicit state (for checking the algorithm
 * against the published reference outputs; pipelines use `createRng`). Not in the public barrel.
 */
export function xoshiro128FromState(state: readonly [number, number, number, number]): Rng & { nextUint32(): number } {
  return new Xoshiro128(0, ['<raw>'], state);
}
