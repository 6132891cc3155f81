import { T, op as o, type Code, type FuncDef } from './emit.js';
import { LOG_INDEX } from './log-kernels.js';
import { C1, C2, C3, C4, C5, C6, INV_PIO2, PIO2_1, PIO2_1T, PIO2_2, PIO2_2T, PIO2_3, PIO2_3T, S1, S2, S3, S4, S5, S6 } from '../trig.js';

// Box–Muller in WebAssembly: fdlibm's sin and cos (`tensor/trig.ts`) and ln (`log-kernels.ts`)
// step for step, so the normals have the bits `Rng.normal` gives (see `KernelExports.bmx`).

const f = (x: number): number[] => o.f64(x);
const add = (a: Code, b: Code): Code => [a, b, o.f64Add];
const sub = (a: Code, b: Code): Code => [a, b, o.f64Sub];
const mul = (a: Code, b: Code): Code => [a, b, o.f64Mul];
/** The high 32 bits of the f64 `x`. */
const high = (x: Code): Code => [x, o.i64ReinterpretF64, o.i64(32), o.i64ShrU, o.i32WrapI64];

/** `kernelSin(x, y, tail)` of trig.ts: sin on [−π/4, π/4] of x + y. */
function kernelSin(name: string): FuncDef {
  const X = 0, Y = 1, TAIL = 2, Z = 3, V = 4, R = 5;
  const g = o.get;
  return {
    name,
    exported: false,
    params: [T.f64, T.f64, T.i32],
    results: [T.f64],
    locals: [T.f64, T.f64, T.f64],
    body: [
      high(g(X)), o.i32(0x7fffffff), o.i32And, o.i32(0x3e400000), o.i32LtS, o.if, g(X), o.return, o.end, // |x| < 2^-27
      mul(g(X), g(X)), o.set(Z),
      mul(g(Z), g(X)), o.set(V),
      add(f(S2), mul(g(Z), add(f(S3), mul(g(Z), add(f(S4), mul(g(Z), add(f(S5), mul(g(Z), f(S6))))))))), o.set(R),
      g(TAIL), o.i32Eqz, o.ifOf(T.f64),
      add(g(X), mul(g(V), add(f(S1), mul(g(Z), g(R))))),
      o.else,
      sub(g(X), sub(sub(mul(g(Z), sub(mul(f(0.5), g(Y)), mul(g(V), g(R)))), g(Y)), mul(g(V), f(S1)))),
      o.end,
    ],
  };
}

/** `kernelCos(x, y)` of trig.ts: cos on [−π/4, π/4] of x + y. */
function kernelCos(name: string): FuncDef {
  const X = 0, Y = 1, IX = 2, Z = 3, R = 4, QX = 5;
  const g = o.get;
  const zrxy: Code = sub(mul(g(Z), g(R)), mul(g(X), g(Y)));
  return {
    name,
    exported: false,
    params: [T.f64, T.f64],
    results: [T.f64],
    locals: [T.i32, T.f64, T.f64, T.f64],
    body: [
      high(g(X)), o.i32(0x7fffffff), o.i32And, o.set(IX),
      g(IX), o.i32(0x3e400000), o.i32LtS, o.if, f(1), o.return, o.end, // |x| < 2^-27
      mul(g(X), g(X)), o.set(Z),
      mul(g(Z), add(f(C1), mul(g(Z), add(f(C2), mul(g(Z), add(f(C3), mul(g(Z), add(f(C4), mul(g(Z), add(f(C5), mul(g(Z), f(C6)))))))))))), o.set(R),
      g(IX), o.i32(0x3fd33333), o.i32LtS, o.if, sub(f(1), sub(mul(f(0.5), g(Z)), zrxy)), o.return, o.end, // |x| < 0.3
      g(IX), o.i32(0x3fe90000), o.i32GtS, o.if,
      f(0.28125), o.set(QX),
      o.else,
      // x/4 with the low word cleared
      g(IX), o.i32(0x00200000), o.i32Sub, o.i64ExtendI32U, o.i64(32), o.i64Shl, o.f64ReinterpretI64, o.set(QX),
      o.end,
      sub(sub(f(1), g(QX)), sub(sub(mul(f(0.5), g(Z)), g(QX)), zrxy)),
    ],
  };
}

/**
 * `bmx(u, out, pairs)`: for each of `pairs` pairs (v, u2) of uniforms in [0, 1) at u, u1 = 1 − v,
 * r = √(−2·ln u1), a = 2π·u2, and out gets r·cos a then r·sin a: Xoshiro128's
 * `normal` (rng/xoshiro.ts) with `logExact`, `cosExact` and `sinExact`, the same operations in
 * the same order, so the same bits. The argument reduction is trig.ts's `reduce` (a < 2π needs
 * no long reduction); sin and cos share it. `base`: the module index of the first of the three
 * functions returned (two helpers, then `bmx`).
 */
export function boxMullerKernels(base: number): FuncDef[] {
  const KSIN = base, KCOS = base + 1;
  const U = 0, OUT = 1, PAIRS = 2;
  const END = 3, HX = 4, IX = 5, N = 6, J = 7, I = 8;
  const R = 9, A = 10, FN = 11, RR = 12, W = 13, Y0 = 14, TT = 15, Y1 = 16, S = 17, C = 18, SN = 19, CS = 20;
  const g = o.get;
  const exponent = (x: Code): Code => [high(x), o.i32(20), o.i32ShrS, o.i32(0x7ff), o.i32And];
  // One more round of π/2's bits (the cancellation branch of fdlibm's medium reduction).
  const round = (p: number, pt: number): Code => [
    g(RR), o.set(TT),
    mul(g(FN), f(p)), o.set(W),
    sub(g(TT), g(W)), o.set(RR),
    sub(mul(g(FN), f(pt)), sub(sub(g(TT), g(RR)), g(W))), o.set(W),
    sub(g(RR), g(W)), o.set(Y0),
  ];
  const bmx: FuncDef = {
    name: 'bmx',
    params: [T.i32, T.i32, T.i32],
    locals: [...Array.from({ length: 6 }, () => T.i32), ...Array.from({ length: 12 }, () => T.f64)],
    body: [
      g(PAIRS), o.i32(4), o.i32Shl, g(U), o.i32Add, o.set(END),
      o.block, o.loop,
      g(U), g(END), o.i32GeU, o.brIf(1),
      // r = √((−2)·ln u1) (a product: the operand order does not change its bits)
      [sub(f(1), [g(U), o.f64Load()]), o.call(LOG_INDEX), f(-2), o.f64Mul], o.f64Sqrt, o.set(R),
      mul(f(2 * Math.PI), [g(U), o.f64Load(8)]), o.set(A),
      high(g(A)), o.tee(HX), o.i32(0x7fffffff), o.i32And, o.tee(IX),
      o.i32(0x3fe921fb), o.i32GtS, o.i32Eqz, o.if,
      // |a| ≤ π/4: no reduction
      g(A), f(0), o.i32(0), o.call(KSIN), o.set(SN),
      g(A), f(0), o.call(KCOS), o.set(CS),
      o.else,
      g(A), o.f64Abs, f(INV_PIO2), o.f64Mul, f(0.5), o.f64Add, o.i32TruncF64S, o.tee(N), o.f64ConvertI32S, o.set(FN),
      sub([g(A), o.f64Abs], mul(g(FN), f(PIO2_1))), o.set(RR),
      mul(g(FN), f(PIO2_1T)), o.set(W),
      g(IX), o.i32(20), o.i32ShrS, o.set(J),
      sub(g(RR), g(W)), o.set(Y0),
      g(J), exponent(g(Y0)), o.i32Sub, o.set(I),
      g(I), o.i32(16), o.i32GtS, o.if,
      round(PIO2_2, PIO2_2T),
      g(J), exponent(g(Y0)), o.i32Sub, o.set(I),
      g(I), o.i32(49), o.i32GtS, o.if, round(PIO2_3, PIO2_3T), o.end,
      o.end,
      sub(sub(g(RR), g(Y0)), g(W)), o.set(Y1),
      g(HX), o.i32(0), o.i32LtS, o.if,
      g(Y0), o.f64Neg, o.set(Y0), g(Y1), o.f64Neg, o.set(Y1), o.i32(0), g(N), o.i32Sub, o.set(N),
      o.end,
      g(Y0), g(Y1), o.i32(1), o.call(KSIN), o.set(S),
      g(Y0), g(Y1), o.call(KCOS), o.set(C),
      // n & 3 = 0, 1, 2, 3: sin = s, c, −s, −c; cos = c, −s, −c, s
      g(C), g(S), g(N), o.i32(1), o.i32And, o.select, o.set(SN),
      g(SN), o.f64Neg, g(SN), g(N), o.i32(2), o.i32And, o.select, o.set(SN),
      g(S), g(C), g(N), o.i32(1), o.i32And, o.select, o.set(CS),
      g(CS), o.f64Neg, g(CS), g(N), o.i32(1), o.i32Add, o.i32(2), o.i32And, o.select, o.set(CS),
      o.end,
      g(OUT), mul(g(R), g(CS)), o.f64Store(),
      g(OUT), mul(g(R), g(SN)), o.f64Store(8),
      g(U), o.i32(16), o.i32Add, o.set(U),
      g(OUT), o.i32(16), o.i32Add, o.set(OUT),
      o.br(0), o.end, o.end,
    ],
  };
  return [kernelSin('ksin'), kernelCos('kcos'), bmx];
}
