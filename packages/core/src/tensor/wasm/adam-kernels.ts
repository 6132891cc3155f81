import { T, op as o, type Code, type FuncDef } from './emit.js';

// Adam's update as WebAssembly SIMD functions (see `KernelExports` in `kernels.ts`).

/** Adam in float64, two lanes (see `KernelExports.adam`). */
export function adam(): FuncDef {
  // params: w g m v n b1 b2 c1 c2 s k eps
  const W = 0, G = 1, M = 2, V = 3, N = 4;
  const END = 12, gv = 13, mv = 14, vv = 15, b1 = 16, b2 = 17, c1 = 18, c2 = 19, s = 20, k = 21, e = 22;
  const splat = (from: number, to: number): Code => [o.get(from), o.f64x2Splat, o.set(to)];
  const bump = (p: number): Code => [o.get(p), o.i32(16), o.i32Add, o.set(p)];
  return {
    name: 'adam',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64],
    locals: [T.i32, T.v128, T.v128, T.v128, T.v128, T.v128, T.v128, T.v128, T.v128, T.v128, T.v128],
    body: [
      splat(5, b1), splat(6, b2), splat(7, c1), splat(8, c2), splat(9, s), splat(10, k), splat(11, e),
      o.get(N), o.i32(3), o.i32Shl, o.get(W), o.i32Add, o.set(END), // end = w + 8n
      o.block, o.loop,
      o.get(W), o.get(END), o.i32GeU, o.brIf(1), // unsigned: addresses may pass 2 GiB
      o.get(G), o.v128Load(), o.set(gv),
      // m = b1·M + c1·g
      o.get(b1), o.get(M), o.v128Load(), o.f64x2Mul, o.get(c1), o.get(gv), o.f64x2Mul, o.f64x2Add, o.set(mv),
      // v = b2·V + (c2·g)·g
      o.get(b2), o.get(V), o.v128Load(), o.f64x2Mul, o.get(c2), o.get(gv), o.f64x2Mul, o.get(gv), o.f64x2Mul, o.f64x2Add, o.set(vv),
      o.get(M), o.get(mv), o.v128Store(),
      o.get(V), o.get(vv), o.v128Store(),
      // W = W − (s·m) / (√v·k + eps)
      o.get(W),
      o.get(W), o.v128Load(),
      o.get(s), o.get(mv), o.f64x2Mul,
      o.get(vv), o.f64x2Sqrt, o.get(k), o.f64x2Mul, o.get(e), o.f64x2Add,
      o.f64x2Div, o.f64x2Sub, o.v128Store(),
      bump(W), bump(G), bump(M), bump(V),
      o.br(0), o.end, o.end,
    ],
  };
}

/** Adam with float32 moments and update, four lanes (see `KernelExports.adam32`). */
export function adam32(): FuncDef {
  const W = 0, G = 1, M = 2, V = 3, N = 4;
  const END = 12, g = 13, m = 14, v = 15, q = 16, b1 = 17, b2 = 18, c1 = 19, c2 = 20, s = 21, k = 22, e = 23;
  const splat32 = (from: number, to: number): Code => [o.get(from), o.f32DemoteF64, o.f32x4Splat, o.set(to)];
  const bump = (p: number, by: number): Code => [o.get(p), o.i32(by), o.i32Add, o.set(p)];
  const pair = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]; // [a0 a1 b0 b1] from two demoted pairs
  const high = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]; // lanes 2, 3 moved down
  return {
    name: 'adam32',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64],
    locals: [T.i32, ...Array<number>(11).fill(T.v128)] as FuncDef['locals'],
    body: [
      splat32(5, b1), splat32(6, b2), splat32(7, c1), splat32(8, c2), splat32(9, s), splat32(10, k), splat32(11, e),
      o.get(N), o.i32(3), o.i32Shl, o.get(W), o.i32Add, o.set(END),
      o.block, o.loop,
      o.get(W), o.get(END), o.i32GeU, o.brIf(1),
      // g: four float64 gradients rounded to float32
      o.get(G), o.v128Load(0), o.f32x4DemoteF64x2Zero, o.get(G), o.v128Load(16), o.f32x4DemoteF64x2Zero, o.shuffle(pair), o.set(g),
      // m = b1·M + c1·g;  v = b2·V + (c2·g)·g
      o.get(b1), o.get(M), o.v128Load(), o.f32x4Mul, o.get(c1), o.get(g), o.f32x4Mul, o.f32x4Add, o.set(m),
      o.get(M), o.get(m), o.v128Store(),
      o.get(b2), o.get(V), o.v128Load(), o.f32x4Mul, o.get(c2), o.get(g), o.f32x4Mul, o.get(g), o.f32x4Mul, o.f32x4Add, o.set(v),
      o.get(V), o.get(v), o.v128Store(),
      // q = (s·m) / (√v·k + eps)
      o.get(s), o.get(m), o.f32x4Mul,
      o.get(v), o.f32x4Sqrt, o.get(k), o.f32x4Mul, o.get(e), o.f32x4Add,
      o.f32x4Div, o.set(q),
      // w ← w − f64(q)
      o.get(W), o.get(W), o.v128Load(0), o.get(q), o.f64x2PromoteLowF32x4, o.f64x2Sub, o.v128Store(0),
      o.get(W), o.get(W), o.v128Load(16), o.get(q), o.get(q), o.shuffle(high), o.f64x2PromoteLowF32x4, o.f64x2Sub, o.v128Store(16),
      bump(W, 32), bump(G, 32), bump(M, 16), bump(V, 16),
      o.br(0), o.end, o.end,
    ],
  };
}

/** Adam with everything float32 (weights, gradients, moments), four lanes (see `KernelExports.adamf32`). */
export function adamf32(): FuncDef {
  const W = 0, G = 1, M = 2, V = 3, N = 4;
  const END = 12, g = 13, m = 14, v = 15, b1 = 16, b2 = 17, c1 = 18, c2 = 19, s = 20, k = 21, e = 22;
  const splat32 = (from: number, to: number): Code => [o.get(from), o.f32DemoteF64, o.f32x4Splat, o.set(to)];
  const bump = (p: number): Code => [o.get(p), o.i32(16), o.i32Add, o.set(p)];
  return {
    name: 'adamf32',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64],
    locals: [T.i32, ...Array<number>(10).fill(T.v128)] as FuncDef['locals'],
    body: [
      splat32(5, b1), splat32(6, b2), splat32(7, c1), splat32(8, c2), splat32(9, s), splat32(10, k), splat32(11, e),
      o.get(N), o.i32(2), o.i32Shl, o.get(W), o.i32Add, o.set(END), // end = w + 4n
      o.block, o.loop,
      o.get(W), o.get(END), o.i32GeU, o.brIf(1),
      o.get(G), o.v128Load(), o.set(g),
      // m = b1·M + c1·g;  v = b2·V + (c2·g)·g
      o.get(b1), o.get(M), o.v128Load(), o.f32x4Mul, o.get(c1), o.get(g), o.f32x4Mul, o.f32x4Add, o.set(m),
      o.get(M), o.get(m), o.v128Store(),
      o.get(b2), o.get(V), o.v128Load(), o.f32x4Mul, o.get(c2), o.get(g), o.f32x4Mul, o.get(g), o.f32x4Mul, o.f32x4Add, o.set(v),
      o.get(V), o.get(v), o.v128Store(),
      // w ← w − (s·m) / (√v·k + eps)
      o.get(W),
      o.get(W), o.v128Load(),
      o.get(s), o.get(m), o.f32x4Mul,
      o.get(v), o.f32x4Sqrt, o.get(k), o.f32x4Mul, o.get(e), o.f32x4Add,
      o.f32x4Div, o.f32x4Sub, o.v128Store(),
      bump(W), bump(G), bump(M), bump(V),
      o.br(0), o.end, o.end,
    ],
  };
}
