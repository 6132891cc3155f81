import { T, op as o, type Code, type FuncDef, type ValType } from './emit.js';
import { expBody, logisticBody, tanhBody } from './exp-kernels.js';

// Per-element kernels (activations, loss gradients, bias rows and sums) as WebAssembly SIMD
// functions; see `KernelExports` in `kernels.ts` and the dispatch in `elementwise-wasm.ts`.
//
// Every value is computed as the plain TypeScript loop computes it: in float64, from float64 or
// float32 inputs (a float32 input widened exactly), with the same operations in the same order,
// then stored (rounded to float32 for a float32 output, as a Float32Array store rounds). The
// lanes only run independent elements side by side, so the bits are the same.

/** An element type: its byte size decides the loads and stores. */
export type Elem = 'f64' | 'f32';
const size = (e: Elem): number => (e === 'f64' ? 8 : 4);

/** The locals a `map` body may use: inputs (f64x2), splatted constants, and zeroed scratch v128s. */
export interface MapLocals {
  readonly x: readonly number[];
  readonly c: readonly number[];
  /** A v128 local never written: both lanes +0. */
  readonly zero: number;
  /** Eight scratch v128 locals. */
  readonly t: readonly number[];
  /** The extra i32 parameters (`MapSpec.pointers`). */
  readonly p: readonly number[];
}

/** A per-element kernel: out[i] = body(in0[i], in1[i], ...) with constants c0, c1, ... */
export interface MapSpec {
  readonly name: string;
  readonly inputs: readonly Elem[];
  readonly out: Elem;
  /** How many f64 constants follow the pointers and n (and the extra pointers). */
  readonly consts: number;
  /** Extra i32 parameters after n (e.g. a table's address), before the constants. */
  readonly pointers?: number;
  /** The f64x2 result from the inputs (two elements at a time), left on the stack. */
  readonly body: (l: MapLocals) => Code;
}

const PAIR = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]; // low halves of two v128s
const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]; // lanes 2, 3 moved down

/**
 * `map(spec)`: parameters (in0, …, out, n, q0, …, c0, …): the arrays, the element count, the extra
 * pointers (`spec.pointers`), the constants.
 * Two (all float64) or four (any float32) elements per step, then the rest one at a time through
 * lane 0 (the other lane computes on zeros and is not stored).
 */
export function map(spec: MapSpec): FuncDef {
  const k = spec.inputs.length;
  const OUT = k, N = k + 1, extra = spec.pointers ?? 0;
  const pp = Array.from({ length: extra }, (_, i) => k + 2 + i);
  const c = Array.from({ length: spec.consts }, (_, i) => k + 2 + extra + i);
  let next = k + 2 + extra + spec.consts;
  const END = next++, TAIL = next++;
  const cv = c.map(() => next++);
  const x = spec.inputs.map(() => next++);
  const raw = spec.inputs.map(() => next++);
  const lo = next++, zero = next++, t = Array.from({ length: 8 }, () => next++);
  const locals: ValType[] = [T.i32, T.i32, ...Array<ValType>(next - END - 2).fill(T.v128)];
  const wide = spec.out === 'f32' || spec.inputs.includes('f32');
  const step = wide ? 4 : 2;
  const body = spec.body({ x, c: cv, zero, t, p: pp });
  const ptr = (i: number): number => (i < k ? i : OUT);
  const elem = (i: number): Elem => (i < k ? spec.inputs[i]! : spec.out);
  const bumpAll = (count: number): Code =>
    Array.from({ length: k + 1 }, (_, i) => [o.get(ptr(i)), o.i32(count * size(elem(i))), o.i32Add, o.set(ptr(i))]);

  // Loads of one half (elements 0, 1 or 2, 3 of a step of four) into the f64x2 locals.
  const loadHalf = (half: 0 | 1): Code =>
    spec.inputs.map((e, i) =>
      e === 'f64'
        ? [o.get(i), o.v128Load(16 * half), o.set(x[i]!)]
        : half === 0
          ? [o.get(i), o.v128Load(), o.tee(raw[i]!), o.f64x2PromoteLowF32x4, o.set(x[i]!)]
          : [o.get(raw[i]!), o.get(raw[i]!), o.shuffle(HIGH), o.f64x2PromoteLowF32x4, o.set(x[i]!)],
    );
  const main: Code = !wide
    ? [loadHalf(0), o.get(OUT), body, o.v128Store()]
    : spec.out === 'f64'
      ? [loadHalf(0), o.get(OUT), body, o.v128Store(0), loadHalf(1), o.get(OUT), body, o.v128Store(16)]
      : [loadHalf(0), body, o.f32x4DemoteF64x2Zero, o.set(lo), loadHalf(1), o.get(OUT), o.get(lo), body, o.f32x4DemoteF64x2Zero, o.shuffle(PAIR), o.v128Store()];
  const one: Code = [
    spec.inputs.map((e, i) =>
      e === 'f64' ? [o.get(i), o.v128Load64Zero(), o.set(x[i]!)] : [o.get(i), o.v128Load32Zero(), o.f64x2PromoteLowF32x4, o.set(x[i]!)],
    ),
    o.get(OUT),
    body,
    spec.out === 'f64' ? o.v128Store64Lane(0) : [o.f32x4DemoteF64x2Zero, o.v128Store32Lane(0)],
  ];
  const outSize = size(spec.out);
  return {
    name: spec.name,
    params: [...Array<ValType>(k + 2 + extra).fill(T.i32), ...Array<ValType>(spec.consts).fill(T.f64)],
    locals,
    body: [
      c.map((p, i) => [o.get(p), o.f64x2Splat, o.set(cv[i]!)]),
      // end of the steps: out + size·(n rounded down to the step); end of all: out + size·n
      o.get(N), o.i32(-step), o.i32And, o.i32(outSize), o.i32Mul, o.get(OUT), o.i32Add, o.set(END),
      o.get(N), o.i32(outSize), o.i32Mul, o.get(OUT), o.i32Add, o.set(TAIL),
      o.block, o.loop,
      o.get(OUT), o.get(END), o.i32GeU, o.brIf(1),
      main, bumpAll(step),
      o.br(0), o.end, o.end,
      o.block, o.loop,
      o.get(OUT), o.get(TAIL), o.i32GeU, o.brIf(1),
      one, bumpAll(1),
      o.br(0), o.end, o.end,
    ],
  };
}

/** f64x2 helpers for bodies. */
const g = o.get;

/** ReLU: z > 0 ? z : a·z + 0 (the + 0 turns −0 into +0). Inputs (z); constants (a). */
export const reluBody = ({ x: [z], c: [a], zero }: MapLocals): Code => [
  g(z!), g(a!), g(z!), o.f64x2Mul, g(zero), o.f64x2Add, g(z!), g(zero), o.f64x2Gt, o.bitselect,
];

/** ReLU backward: z > 0 ? dy : a·dy + 0. Inputs (z, dy); constants (a). */
export const reluBackBody = ({ x: [z, dy], c: [a], zero }: MapLocals): Code => [
  g(dy!), g(a!), g(dy!), o.f64x2Mul, g(zero), o.f64x2Add, g(z!), g(zero), o.f64x2Gt, o.bitselect,
];

/** Logistic backward: dy·k·y·(1 − y), left to right. Inputs (y, dy); constants (k, 1). */
export const logisticBackBody = ({ x: [y, dy], c: [k, one] }: MapLocals): Code => [
  g(dy!), g(k!), o.f64x2Mul, g(y!), o.f64x2Mul, g(one!), g(y!), o.f64x2Sub, o.f64x2Mul,
];

/** Tanh backward: dy·b·(1 − y·y). Inputs (y, dy); constants (b, 1). */
export const tanhBackBody = ({ x: [y, dy], c: [b, one] }: MapLocals): Code => [
  g(dy!), g(b!), o.f64x2Mul, g(one!), g(y!), g(y!), o.f64x2Mul, o.f64x2Sub, o.f64x2Mul,
];

/**
 * The BCE gradient: p = clamp(P, lo, hi) (P < lo ? lo : P > hi ? hi : P, NaN kept), then
 * (k·(p − t)) / (p·(1 − p)). Inputs (P, t); constants (lo, hi, k, 1). pmax(P, lo) is exactly
 * `P < lo ? lo : P` and pmin(q, hi) exactly `hi < q ? hi : q`.
 */
export const bceGradBody = ({ x: [p, tg], c: [lo, hi, k, one], t: [clamped] }: MapLocals): Code => [
  g(p!), g(lo!), o.f64x2Pmax, g(hi!), o.f64x2Pmin, o.set(clamped!),
  g(k!), g(clamped!), g(tg!), o.f64x2Sub, o.f64x2Mul,
  g(clamped!), g(one!), g(clamped!), o.f64x2Sub, o.f64x2Mul,
  o.f64x2Div,
];

/** The MSE gradient: k·(P − t). Inputs (P, t); constants (k). */
export const mseGradBody = ({ x: [p, t], c: [k] }: MapLocals): Code => [g(k!), g(p!), g(t!), o.f64x2Sub, o.f64x2Mul];

/**
 * `fillRows`: params (v, out, rows, bytes): copies the `bytes` bytes at v (a multiple of 4) to
 * each of `rows` consecutive rows at out, 16 bytes at a time, then 4. A byte copy: any element type.
 */
export function fillRowsKernel(name: string): FuncDef {
  const V = 0, OUT = 1, ROWS = 2, BYTES = 3;
  const J = 4, END = 5, V16 = 6;
  return {
    name,
    params: [T.i32, T.i32, T.i32, T.i32],
    locals: [T.i32, T.i32, T.i32],
    body: [
      o.get(BYTES), o.i32(-16), o.i32And, o.set(V16),
      o.get(ROWS), o.get(BYTES), o.i32Mul, o.get(OUT), o.i32Add, o.set(END),
      o.block, o.loop,
      o.get(OUT), o.get(END), o.i32GeU, o.brIf(1),
      o.i32(0), o.set(J),
      o.block, o.loop,
      o.get(J), o.get(V16), o.i32GeU, o.brIf(1),
      o.get(OUT), o.get(J), o.i32Add, o.get(V), o.get(J), o.i32Add, o.v128Load(), o.v128Store(),
      o.get(J), o.i32(16), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
      o.block, o.loop,
      o.get(J), o.get(BYTES), o.i32GeU, o.brIf(1),
      o.get(OUT), o.get(J), o.i32Add, o.get(V), o.get(J), o.i32Add, o.i32Load(), o.i32Store(),
      o.get(J), o.i32(4), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
      o.get(OUT), o.get(BYTES), o.i32Add, o.set(OUT),
      o.br(0), o.end, o.end,
    ],
  };
}

/**
 * `columnSums`: params (x, out, rows, rowBytes, acc): out[j] = (acc ? out[j] : +0) + x[0][j] +
 * x[1][j] + … (rows ascending), float64 (`e` = f64) or float32 (each sum rounded to float32, as a
 * Float32Array `+=` rounds: f32x4.add). Columns go in blocks of 4 vectors, then 1 vector, then
 * one column through lane 0; each column's sum is one lane, added row by row.
 */
export function columnSumsKernel(name: string, e: Elem): FuncDef {
  const X = 0, OUT = 1, ROWS = 2, RB = 3, ACC = 4;
  const J = 5, P = 6, PEND = 7, XEND = 8;
  const a = [9, 10, 11, 12], ZERO = 13; // ZERO: never written, +0 in every lane
  const add = e === 'f64' ? o.f64x2Add : o.f32x4Add;
  const es = size(e);
  const loadOne = e === 'f64' ? o.v128Load64Zero : o.v128Load32Zero;
  const storeOne = e === 'f64' ? o.v128Store64Lane(0) : o.v128Store32Lane(0);
  // One pass over the rows for the columns at byte j .. j + width.
  const block = (vectors: number, single: boolean): Code => {
    const width = single ? es : 16 * vectors;
    const acc = a.slice(0, vectors);
    const load = (base: number, v: number): Code => [o.get(base), single ? loadOne() : o.v128Load(16 * v)];
    return [
      o.block, o.loop,
      o.get(J), o.i32(width), o.i32Add, o.get(RB), o.i32GtS, o.brIf(1),
      // start: out (accumulate) or +0
      acc.map((r, v) => [
        o.get(ACC), o.if, o.get(OUT), o.get(J), o.i32Add, o.set(P), load(P, v), o.set(r), o.else, o.get(ZERO), o.set(r), o.end,
      ]),
      o.get(X), o.get(J), o.i32Add, o.tee(P), o.get(XEND), o.i32Add, o.set(PEND),
      o.block, o.loop,
      o.get(P), o.get(PEND), o.i32GeU, o.brIf(1),
      acc.map((r, v) => [o.get(r), load(P, v), add, o.set(r)]),
      o.get(P), o.get(RB), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      o.get(OUT), o.get(J), o.i32Add, o.set(P),
      acc.map((r, v) => [o.get(P), o.get(r), single ? storeOne : o.v128Store(16 * v)]),
      o.get(J), o.i32(width), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
    ];
  };
  return {
    name,
    params: [T.i32, T.i32, T.i32, T.i32, T.i32],
    locals: [T.i32, T.i32, T.i32, T.i32, T.v128, T.v128, T.v128, T.v128, T.v128],
    body: [o.get(ROWS), o.get(RB), o.i32Mul, o.set(XEND), o.i32(0), o.set(J), block(4, false), block(1, false), block(1, true)],
  };
}

/** A map kernel's name for its element types: `relu64`, `relu32` (all float32), `bceg32t` (float32, float64 target). */
const variants: ReadonlyArray<readonly [string, Elem, Elem]> = [['64', 'f64', 'f64'], ['32', 'f32', 'f32'], ['32t', 'f32', 'f64']];

/** Every per-element kernel, in module order (after `logx`, which must come first). */
export function elementwiseKernels(): FuncDef[] {
  const same = (name: string, inputs: number, consts: number, body: MapSpec['body'], pointers = 0): FuncDef[] =>
    (['f64', 'f32'] as const).map((e) => map({ name: `${name}${e === 'f64' ? '64' : '32'}`, inputs: Array<Elem>(inputs).fill(e), out: e, consts, body, pointers }));
  const target = (name: string, consts: number, body: MapSpec['body']): FuncDef[] =>
    variants.map(([suffix, p, t]) => map({ name: `${name}${suffix}`, inputs: [p, t], out: p, consts, body }));
  return [
    fillRowsKernel('frows'), columnSumsKernel('csum64', 'f64'), columnSumsKernel('csum32', 'f32'),
    ...same('relu', 1, 1, reluBody), ...same('relub', 2, 1, reluBackBody),
    ...same('lgb', 2, 2, logisticBackBody), ...same('tanhb', 2, 2, tanhBackBody),
    ...target('bceg', 4, bceGradBody), ...target('mseg', 1, mseGradBody),
    ...same('lgf', 1, 1, logisticBody, 1), ...same('tanhf', 1, 1, tanhBody, 1),
    map({ name: 'exp64', inputs: ['f64'], out: 'f64', consts: 0, body: expBody, pointers: 1 }),
  ];
}

/** Their export names (for `KERNEL_NAMES`). */
export const ELEMENTWISE_NAMES = [
  'frows', 'csum64', 'csum32', 'relu64', 'relu32', 'relub64', 'relub32', 'lgb64', 'lgb32', 'tanhb64', 'tanhb32',
  'bceg64', 'bceg32', 'bceg32t', 'mseg64', 'mseg32', 'mseg32t', 'lgf64', 'lgf32', 'tanhf64', 'tanhf32', 'exp64',
] as const;
