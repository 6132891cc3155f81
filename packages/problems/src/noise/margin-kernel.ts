import { wasmOp as o, wasmType as T, type WasmCode as Code, type WasmFunction } from '@sia/core';

/**
 * `margin(y, x, cols, a, nd, start, diff, masks, words, v, flips, order, slack) -> f64`: the
 * binary-item margin of `marginOf` (margins.ts) in WebAssembly, step for step, for a copy at y
 * (cols f64) of the item at x, whose place among the nd distinct items is a. Tables as margins.ts
 * builds them, as i32 arrays: start (nd·nd + 1), diff, masks (nd·nd·words), order (nd·(nd − 1));
 * v (cols f64) and flips (words i32) are scratch; slack is `BOUND_SLACK`. The same comparisons,
 * the same integer counts (i32.popcnt), the same float64 sums in the same order and the same
 * stop as the JavaScript, so the same value.
 */
export function marginKernel(): WasmFunction {
  const Y = 0, X = 1, COLS = 2, A = 3, ND = 4, START = 5, DIFF = 6, MASKS = 7, WORDS = 8, V = 9, FLIPS = 10, ORDER = 11, SLACK = 12;
  const J = 13, W = 14, K = 15, AB = 16, TT = 17, E = 18, BINARY = 19, FLIPPED = 20, KEND = 21;
  const YV = 22, OV = 23, M = 24, LEAST = 25, P = 26, VJ = 27;
  const g = o.get;
  const at = (base: number, index: Code, shift: number): Code => [g(base), index, o.i32(shift), o.i32Shl, o.i32Add];
  const loop = (counter: number, from: Code, end: Code, body: Code): Code => [
    from, o.set(counter),
    o.block, o.loop,
    g(counter), end, o.i32GeS, o.brIf(1),
    body,
    g(counter), o.i32(1), o.i32Add, o.set(counter),
    o.br(0), o.end, o.end,
  ];
  const count: Code = [at(START, g(AB), 2), o.i32Load(4), at(START, g(AB), 2), o.i32Load(), o.i32Sub, o.f64ConvertI32S];
  return {
    name: 'margin',
    params: [...Array.from({ length: 12 }, () => T.i32), T.f64],
    results: [T.f64],
    locals: [...Array.from({ length: 9 }, () => T.i32), ...Array.from({ length: 6 }, () => T.f64)],
    body: [
      loop(W, o.i32(0), g(WORDS), [at(FLIPS, g(W), 2), o.i32(0), o.i32Store()]),
      o.i32(1), o.set(BINARY),
      loop(J, o.i32(0), g(COLS), [
        at(Y, g(J), 3), o.f64Load(), o.set(YV),
        at(X, g(J), 3), o.f64Load(), o.set(OV),
        g(YV), g(OV), o.f64Ne, o.if,
        g(YV), o.f64(1), g(OV), o.f64Sub, o.f64Eq, o.if,
        // flips[j >> 5] |= 1 << (j & 31)
        at(FLIPS, [g(J), o.i32(5), o.i32ShrU], 2),
        at(FLIPS, [g(J), o.i32(5), o.i32ShrU], 2), o.i32Load(), o.i32(1), g(J), o.i32(31), o.i32And, o.i32Shl, o.i32Or,
        o.i32Store(),
        o.else,
        o.i32(0), o.set(BINARY),
        o.end,
        o.end,
      ]),
      o.f64(0), o.set(P),
      g(BINARY), o.if,
      // P = 2·popcount(flips), word by word as the JavaScript adds it
      loop(W, o.i32(0), g(WORDS), [g(P), at(FLIPS, g(W), 2), o.i32Load(), o.i32Popcnt, o.i32(1), o.i32Shl, o.f64ConvertI32S, o.f64Add, o.set(P)]),
      o.else,
      loop(J, o.i32(0), g(COLS), [
        // v = x = 1 ? 2y − 1 : 1 − 2y; P += 1 − v where v < 1
        o.f64(2), at(Y, g(J), 3), o.f64Load(), o.f64Mul, o.f64(1), o.f64Sub,
        o.f64(1), o.f64(2), at(Y, g(J), 3), o.f64Load(), o.f64Mul, o.f64Sub,
        at(X, g(J), 3), o.f64Load(), o.f64(1), o.f64Eq, o.select, o.set(VJ),
        at(V, g(J), 3), g(VJ), o.f64Store(),
        g(VJ), o.f64(1), o.f64Lt, o.if, g(P), o.f64(1), g(VJ), o.f64Sub, o.f64Add, o.set(P), o.end,
      ]),
      o.end,
      g(P), g(SLACK), o.f64Add, o.set(P),
      o.f64(Infinity), o.set(LEAST),
      g(A), g(ND), o.i32(1), o.i32Sub, o.i32Mul, o.tee(K), g(ND), o.i32Add, o.i32(1), o.i32Sub, o.set(KEND),
      o.block, o.loop,
      g(K), g(KEND), o.i32GeS, o.brIf(1),
      g(A), g(ND), o.i32Mul, at(ORDER, g(K), 2), o.i32Load(), o.i32Add, o.set(AB),
      // no item left comes nearer: stop
      count, g(P), o.f64Sub, g(LEAST), o.f64Ge, o.brIf(1),
      g(BINARY), o.if,
      o.i32(0), o.set(FLIPPED),
      loop(W, o.i32(0), g(WORDS), [
        g(FLIPPED),
        at(MASKS, [g(AB), g(WORDS), o.i32Mul, g(W), o.i32Add], 2), o.i32Load(),
        at(FLIPS, g(W), 2), o.i32Load(),
        o.i32And, o.i32Popcnt, o.i32Add, o.set(FLIPPED),
      ]),
      // (start[ab + 1] − start[ab]) − 2·flipped, an exact integer
      at(START, g(AB), 2), o.i32Load(4), at(START, g(AB), 2), o.i32Load(), o.i32Sub,
      g(FLIPPED), o.i32(1), o.i32Shl, o.i32Sub, o.f64ConvertI32S, o.set(M),
      o.else,
      o.f64(0), o.set(M),
      at(START, g(AB), 2), o.i32Load(4), o.set(E),
      at(START, g(AB), 2), o.i32Load(), o.set(TT),
      o.block, o.loop,
      g(TT), g(E), o.i32GeS, o.brIf(1),
      g(M), at(V, [at(DIFF, g(TT), 2), o.i32Load()], 3), o.f64Load(), o.f64Add, o.set(M),
      g(TT), o.i32(1), o.i32Add, o.set(TT),
      o.br(0), o.end, o.end,
      o.end,
      g(M), o.f64(0), o.f64Le, o.if, g(M), o.return, o.end,
      g(M), g(LEAST), o.f64Lt, o.if, g(M), o.set(LEAST), o.end,
      g(K), o.i32(1), o.i32Add, o.set(K),
      o.br(0), o.end, o.end,
      g(LEAST),
    ],
  };
}
