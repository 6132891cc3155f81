/**
 * A tiny WebAssembly binary emitter: just enough to write sia's numeric kernels as TypeScript
 * data, so no toolchain (wat2wasm, a C compiler) is needed on a fresh machine. A function body
 * is a (nested) list of instructions, each a byte array built by `op`; the module imports one
 * shared memory `env.mem` and exports every function by name.
 *
 * Encoding per the WebAssembly core spec (binary format, §5) and the fixed-width SIMD proposal
 * (opcodes after the 0xFD prefix, LEB128-encoded). Only the instructions the kernels use are here.
 */

/** Value types. */
export const T = Object.freeze({ i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b });
export type ValType = (typeof T)[keyof typeof T];

/** An instruction or a nested list of them (flattened when the module is written). */
export type Code = number | readonly Code[];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const f64Bytes = (x: number): number[] => Array.from(new Uint8Array(new Float64Array([x]).buffer));
const simd = (code: number): number[] => [0xfd, ...uleb(code)];
/** memarg: alignment 2^3 (8 bytes: every array is Float64), then the constant offset. */
const mem = (offset: number): number[] => [3, ...uleb(offset)];
/** memarg for 4-byte accesses (f32, load32_splat): alignment 2^2, the natural one. */
const mem4 = (offset: number): number[] => [2, ...uleb(offset)];

/** Instructions. Locals are numbered parameters first, then declared locals. */
export const op = Object.freeze({
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  tee: (i: number): number[] => [0x22, ...uleb(i)],
  i32: (n: number): number[] => [0x41, ...sleb(n)],
  /** i64.const of a value in the i32 range. */
  i64: (n: number): number[] => [0x42, ...sleb(n)],
  f64: (x: number): number[] => [0x44, ...f64Bytes(x)],
  i32Add: [0x6a], i32Sub: [0x6b], i32Mul: [0x6c], i32Shl: [0x74], i32And: [0x71],
  i32Eqz: [0x45], i32LtS: [0x48], i32GeS: [0x4e], i32GeU: [0x4f], i32GtS: [0x4a],
  f64Add: [0xa0], f64Sub: [0xa1], f64Mul: [0xa2], f64Div: [0xa3], f64Sqrt: [0x9f],
  f32Add: [0x92], f32Mul: [0x94],
  f32Load: (offset = 0): number[] => [0x2a, ...mem4(offset)],
  f32Store: (offset = 0): number[] => [0x38, ...mem4(offset)],
  /** Loads one f32 and splats it to all four lanes (v128.load32_splat). */
  v128Load32Splat: (offset = 0): number[] => [...simd(0x09), ...mem4(offset)],
  f64Load: (offset = 0): number[] => [0x2b, ...mem(offset)],
  f64Store: (offset = 0): number[] => [0x39, ...mem(offset)],
  v128Load: (offset = 0): number[] => [...simd(0x00), ...mem(offset)],
  v128Store: (offset = 0): number[] => [...simd(0x0b), ...mem(offset)],
  /** Loads one f64 and splats it to both lanes (v128.load64_splat). */
  v128Load64Splat: (offset = 0): number[] => [...simd(0x0a), ...mem(offset)],
  /** Replaces one lane of the v128 on the stack by an f64 loaded from memory (v128.load64_lane). */
  v128Load64Lane: (lane: number, offset = 0): number[] => [...simd(0x57), ...mem(offset), lane],
  f64x2Splat: simd(0x14),
  f32x4Splat: simd(0x13),
  /** f32.demote_f64: the f64 on the stack rounded to f32. */
  f32DemoteF64: [0xb6],
  /** i8x16.shuffle: bytes picked from the two v128 on the stack (0–15 first, 16–31 second). */
  shuffle: (lanes: readonly number[]): number[] => [...simd(0x0d), ...lanes],
  f32x4DemoteF64x2Zero: simd(0x5e),
  f64x2PromoteLowF32x4: simd(0x5f),
  f32x4Add: simd(0xe4), f32x4Sub: simd(0xe5), f32x4Mul: simd(0xe6), f32x4Div: simd(0xe7), f32x4Sqrt: simd(0xe3),
  f64x2ExtractLane: (lane: number): number[] => [...simd(0x21), lane],
  f64x2Add: simd(0xf0), f64x2Sub: simd(0xf1), f64x2Mul: simd(0xf2), f64x2Div: simd(0xf3), f64x2Sqrt: simd(0xef),
  block: [0x02, 0x40], loop: [0x03, 0x40], if: [0x04, 0x40], else: [0x05], end: [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  return: [0x0f],
  /** Calls function number `index` of the module (its position in the list given to `emitModule`). */
  call: (index: number): number[] => [0x10, ...uleb(index)],
  /** select: the first of two values when the i32 on top is non-zero, else the second. */
  select: [0x1b],
  /** A block whose end leaves one value of type `t` (`br` out of it carries the value). */
  blockOf: (t: ValType): number[] => [0x02, t],
  ifOf: (t: ValType): number[] => [0x04, t],
  i32Load: (offset = 0): number[] => [0x28, ...mem4(offset)],
  i32Store: (offset = 0): number[] => [0x36, ...mem4(offset)],
  i32Or: [0x72], i32Xor: [0x73], i32ShrS: [0x75], i32ShrU: [0x76], i32Popcnt: [0x69], i32LeS: [0x4c], i32Eq: [0x46], i32Ne: [0x47], i32LtU: [0x49],
  i64Or: [0x84], i64Shl: [0x86], i64ShrU: [0x88],
  i32WrapI64: [0xa7], i64ExtendI32U: [0xad], i64ReinterpretF64: [0xbd], f64ReinterpretI64: [0xbf],
  f64ConvertI32S: [0xb7], f64PromoteF32: [0xbb], i32TruncF64S: [0xaa], f64Abs: [0x99], f64Neg: [0x9a],
  f64Eq: [0x61], f64Ne: [0x62], f64Lt: [0x63], f64Gt: [0x64], f64Le: [0x65], f64Ge: [0x66],
  /** Loads one f32 (or f64) into lane 0 of a zeroed v128 (v128.load32_zero, v128.load64_zero). */
  v128Load32Zero: (offset = 0): number[] => [...simd(0x5c), ...mem4(offset)],
  v128Load64Zero: (offset = 0): number[] => [...simd(0x5d), ...mem(offset)],
  /** Stores lane `lane` of the v128 on the stack (v128.store32_lane, v128.store64_lane). */
  v128Store32Lane: (lane: number, offset = 0): number[] => [...simd(0x5a), ...mem4(offset), lane],
  v128Store64Lane: (lane: number, offset = 0): number[] => [...simd(0x5b), ...mem(offset), lane],
  /** v128.bitselect: bits of the first operand where the mask (top) is 1, of the second where 0. */
  bitselect: simd(0x52),
  f64x2Lt: simd(0x49), f64x2Gt: simd(0x4a), f32x4Lt: simd(0x43), f32x4Gt: simd(0x44),
  /** pmin(a, b) = b < a ? b : a;  pmax(a, b) = a < b ? b : a (exactly these comparisons). */
  f64x2Eq: simd(0x47), f64x2Ceil: simd(0x74), v128And: simd(0x4e),
  i32x4Splat: simd(0x11), i32x4ExtractLane: (lane: number): number[] => [...simd(0x1b), lane],
  i32x4GtS: simd(0x3b), i32x4ShrS: simd(0xac),
  /** i32x4.trunc_sat_f64x2_s_zero: two f64 lanes to i32 lanes 0, 1 (saturating, NaN to 0); lanes 2, 3 zero. */
  i32x4TruncSatF64x2SZero: simd(0xfc),
  i64x2ExtendLowI32x4S: simd(0xc7), i64x2Add: simd(0xce), i64x2Shl: simd(0xcb), i64x2Splat: simd(0x12),
  f64x2Pmin: simd(0xf6), f64x2Pmax: simd(0xf7), f32x4Pmin: simd(0xea), f32x4Pmax: simd(0xeb),
});

/** One function (exported unless `exported` is false). */
export interface FuncDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly body: Code;
  /** The result types (none when absent). */
  readonly results?: readonly ValType[];
  /** False: not exported (a helper other functions `call`). */
  readonly exported?: boolean;
}

const flat = (c: Code, out: number[]): number[] => {
  if (typeof c === 'number') out.push(c);
  else for (const x of c) flat(x, out);
  return out;
};
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

/**
 * A module of `funcs`, importing `env.mem`: a shared memory of at least one page and
 * at most `maxPages` (shared, so growing it never detaches the views handed out before).
 */
export function emitModule(funcs: readonly FuncDef[], maxPages: number): Uint8Array {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))]);
  const imports = vec([[...name('env'), ...name('mem'), 0x02, 0x03, ...uleb(1), ...uleb(maxPages)]]);
  const decls = vec(funcs.map((_, i) => uleb(i)));
  const exports = vec(funcs.flatMap((f, i) => (f.exported === false ? [] : [[...name(f.name), 0x00, ...uleb(i)]])));
  const code = vec(
    funcs.map((f) => {
      const body = [...vec(f.locals.map((t) => [1, t])), ...flat(f.body, []), 0x0b];
      return [...uleb(body.length), ...body];
    }),
  );
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, decls),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
