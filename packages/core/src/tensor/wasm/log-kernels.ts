import { T, op as o, type Code, type FuncDef } from './emit.js';
import type { Elem } from './elementwise-kernels.js';
import { L1, L2, L3, L4, L5, L6, L7, LN2_HI, LN2_LO, TWO54 } from '../log.js';

// ln x in WebAssembly, and the loss sums: binary cross-entropy built on it, and squared error
// (see `KernelExports.logx`, `bce64` and `mse64` in `kernels.ts`).

/** `logx`'s index in the module: `kernelModuleBytes` puts it first, so the BCE kernels can call it. */
export const LOG_INDEX = 0;

// fdlibm's constants, shared with the JavaScript version (the same bits by construction).


/**
 * `logx(x) -> f64`: `logExact` (tensor/log.ts, fdlibm's `__ieee754_log`) step for step, on the
 * words of x through i64 reinterprets: the same branches, the same double operations in the same
 * order, so the same bits (tested against `logExact`).
 */
export function logKernel(): FuncDef {
  const X = 0;
  const HX = 1, LX = 2, K = 3, I = 4, BITS = 5, F = 6, S = 7, Z = 8, W = 9, R = 10, HFSQ = 11, DK = 12;
  const f = (x: number): number[] => o.f64(x);
  const g = o.get;
  const hiWord: Code = [o.get(BITS), o.i64(32), o.i64ShrU, o.i32WrapI64];
  // k === 0 ? a : b, as a value (both sides computed; no side effects).
  const kSelect = (a: Code, b: Code): Code => [a, b, o.get(K), o.i32Eqz, o.select];
  return {
    name: 'logx',
    params: [T.f64],
    results: [T.f64],
    locals: [T.i32, T.i32, T.i32, T.i32, T.i64, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64],
    body: [
      o.get(X), o.i64ReinterpretF64, o.set(BITS),
      hiWord, o.set(HX),
      o.get(BITS), o.i32WrapI64, o.set(LX),
      o.get(HX), o.i32(0x00100000), o.i32LtS, o.if,
      // zero, negative, subnormal
      o.get(HX), o.i32(0x7fffffff), o.i32And, o.get(LX), o.i32Or, o.i32Eqz, o.if, f(-Infinity), o.return, o.end,
      o.get(HX), o.i32(0), o.i32LtS, o.if, f(NaN), o.return, o.end,
      o.i32(-54), o.set(K),
      o.get(X), f(TWO54), o.f64Mul, o.i64ReinterpretF64, o.set(BITS),
      hiWord, o.set(HX),
      o.end,
      o.get(HX), o.i32(0x7ff00000), o.i32GeS, o.if, o.get(X), o.get(X), o.f64Add, o.return, o.end, // +Infinity or NaN
      o.get(K), o.get(HX), o.i32(20), o.i32ShrS, o.i32(1023), o.i32Sub, o.i32Add, o.set(K),
      o.get(HX), o.i32(0x000fffff), o.i32And, o.set(HX),
      o.get(HX), o.i32(0x95f64), o.i32Add, o.i32(0x100000), o.i32And, o.set(I),
      // the high word replaced by hx | (i ^ 0x3ff00000): the mantissa scaled into [√2/2, √2)
      o.get(HX), o.get(I), o.i32(0x3ff00000), o.i32Xor, o.i32Or, o.i64ExtendI32U, o.i64(32), o.i64Shl,
      o.get(BITS), o.i32WrapI64, o.i64ExtendI32U, o.i64Or, o.f64ReinterpretI64, f(1), o.f64Sub, o.set(F),
      o.get(K), o.get(I), o.i32(20), o.i32ShrS, o.i32Add, o.tee(K), o.f64ConvertI32S, o.set(DK),
      o.i32(0x000fffff), o.i32(2), o.get(HX), o.i32Add, o.i32And, o.i32(3), o.i32LtS, o.if,
      // |f| < 2^-20
      o.get(F), f(0), o.f64Eq, o.if,
      kSelect(f(0), [g(DK), f(LN2_HI), o.f64Mul, g(DK), f(LN2_LO), o.f64Mul, o.f64Add]), o.return,
      o.end,
      g(F), g(F), o.f64Mul, f(0.5), f(0.33333333333333333), g(F), o.f64Mul, o.f64Sub, o.f64Mul, o.set(R),
      kSelect([g(F), g(R), o.f64Sub], [g(DK), f(LN2_HI), o.f64Mul, g(R), g(DK), f(LN2_LO), o.f64Mul, o.f64Sub, g(F), o.f64Sub, o.f64Sub]),
      o.return,
      o.end,
      g(F), f(2), g(F), o.f64Add, o.f64Div, o.set(S),
      g(S), g(S), o.f64Mul, o.set(Z),
      g(Z), g(Z), o.f64Mul, o.set(W),
      // r = t2 + t1, t1 = w·(L2 + w·(L4 + w·L6)), t2 = z·(L1 + w·(L3 + w·(L5 + w·L7)))
      g(Z), f(L1), g(W), f(L3), g(W), f(L5), g(W), f(L7), o.f64Mul, o.f64Add, o.f64Mul, o.f64Add, o.f64Mul, o.f64Add, o.f64Mul,
      g(W), f(L2), g(W), f(L4), g(W), f(L6), o.f64Mul, o.f64Add, o.f64Mul, o.f64Add, o.f64Mul,
      o.f64Add, o.set(R),
      o.get(HX), o.i32(0x6147a), o.i32Sub, o.i32(0x6b851), o.get(HX), o.i32Sub, o.i32Or, o.i32(0), o.i32GtS, o.if,
      f(0.5), g(F), o.f64Mul, g(F), o.f64Mul, o.set(HFSQ),
      kSelect(
        [g(F), g(HFSQ), g(S), g(HFSQ), g(R), o.f64Add, o.f64Mul, o.f64Sub, o.f64Sub],
        [g(DK), f(LN2_HI), o.f64Mul, g(HFSQ), g(S), g(HFSQ), g(R), o.f64Add, o.f64Mul, g(DK), f(LN2_LO), o.f64Mul, o.f64Add, o.f64Sub, g(F), o.f64Sub, o.f64Sub],
      ),
      o.return,
      o.end,
      kSelect(
        [g(F), g(S), g(F), g(R), o.f64Sub, o.f64Mul, o.f64Sub],
        [g(DK), f(LN2_HI), o.f64Mul, g(S), g(F), g(R), o.f64Sub, o.f64Mul, g(DK), f(LN2_LO), o.f64Mul, o.f64Sub, g(F), o.f64Sub, o.f64Sub],
      ),
    ],
  };
}

/**
 * The binary cross-entropy sum (`BinaryCrossEntropy.value` before its reduction scale): params
 * (p, t, n, lo, hi, out); p = clamp(P[i], lo, hi); s −= ln p (t = 1), ln(1 − p) (t = 0), else
 * t·ln p + (1 − t)·ln(1 − p); i ascending from s = 0, one element at a time; s stored at out.
 */
export function bceValueKernel(name: string, pe: Elem, te: Elem): FuncDef {
  const P = 0, TT = 1, N = 2, LO = 3, HI = 4, OUT = 5;
  const END = 6, SUM = 7, PV = 8, TV = 9;
  const load = (ptr: number, e: Elem): Code => [o.get(ptr), e === 'f64' ? o.f64Load() : [o.f32Load(), o.f64PromoteF32]];
  const log = (x: Code): Code => [x, o.call(LOG_INDEX)];
  const oneMinusP: Code = [o.f64(1), o.get(PV), o.f64Sub];
  return {
    name,
    params: [T.i32, T.i32, T.i32, T.f64, T.f64, T.i32],
    locals: [T.i32, T.f64, T.f64, T.f64],
    body: [
      o.get(N), o.i32(pe === 'f64' ? 3 : 2), o.i32Shl, o.get(P), o.i32Add, o.set(END),
      o.block, o.loop,
      o.get(P), o.get(END), o.i32GeU, o.brIf(1),
      // p < lo ? lo : p > hi ? hi : p
      o.get(LO), load(P, pe), o.tee(PV), o.get(PV), o.get(LO), o.f64Lt, o.select, o.set(PV),
      o.get(HI), o.get(PV), o.get(PV), o.get(HI), o.f64Gt, o.select, o.set(PV),
      load(TT, te), o.set(TV),
      o.get(SUM),
      o.get(TV), o.f64(1), o.f64Eq, o.ifOf(T.f64),
      log(o.get(PV)),
      o.else,
      o.get(TV), o.f64(0), o.f64Eq, o.ifOf(T.f64),
      log(oneMinusP),
      o.else,
      o.get(TV), log(o.get(PV)), o.f64Mul, o.f64(1), o.get(TV), o.f64Sub, log(oneMinusP), o.f64Mul, o.f64Add,
      o.end,
      o.end,
      o.f64Sub, o.set(SUM),
      o.get(P), o.i32(pe === 'f64' ? 8 : 4), o.i32Add, o.set(P),
      o.get(TT), o.i32(te === 'f64' ? 8 : 4), o.i32Add, o.set(TT),
      o.br(0), o.end, o.end,
      o.get(OUT), o.get(SUM), o.f64Store(),
    ],
  };
}

/**
 * The squared-error sum (`MeanSquaredError.value` before its reduction scale): params (p, t, n,
 * out); s += d·d with d = P[i] − t[i], i ascending from s = 0, one element at a time; s at out.
 */
export function mseSumKernel(name: string, pe: Elem, te: Elem): FuncDef {
  const P = 0, TT = 1, N = 2, OUT = 3;
  const END = 4, SUM = 5, D = 6;
  const load = (ptr: number, e: Elem): Code => [o.get(ptr), e === 'f64' ? o.f64Load() : [o.f32Load(), o.f64PromoteF32]];
  return {
    name,
    params: [T.i32, T.i32, T.i32, T.i32],
    locals: [T.i32, T.f64, T.f64],
    body: [
      o.get(N), o.i32(pe === 'f64' ? 3 : 2), o.i32Shl, o.get(P), o.i32Add, o.set(END),
      o.block, o.loop,
      o.get(P), o.get(END), o.i32GeU, o.brIf(1),
      load(P, pe), load(TT, te), o.f64Sub, o.set(D),
      o.get(SUM), o.get(D), o.get(D), o.f64Mul, o.f64Add, o.set(SUM),
      o.get(P), o.i32(pe === 'f64' ? 8 : 4), o.i32Add, o.set(P),
      o.get(TT), o.i32(te === 'f64' ? 8 : 4), o.i32Add, o.set(TT),
      o.br(0), o.end, o.end,
      o.get(OUT), o.get(SUM), o.f64Store(),
    ],
  };
}
