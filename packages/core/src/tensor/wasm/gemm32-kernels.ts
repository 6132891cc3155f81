import { T, op as o, type Code, type FuncDef } from './emit.js';

// The float32 matrix products as WebAssembly SIMD functions (f32x4; see `Kernel32Exports` in
// `kernels.ts` and the contract in `../gemm32-reference.ts`). Every C element is
// c = f32(c + f32(a·b)) over p ascending: the four lanes hold four neighbouring columns of C, each
// with its own running sum, so SIMD changes nothing in the order of the operations.

const I32 = T.i32, V128 = T.v128;
const fill = <X>(n: number, x: X): X[] => Array<X>(n).fill(x);

/** How A(i, p) is addressed. */
export type ARows = 'rows' | 'cols';

/**
 * A register-blocked block product: C[i][j] (+)= Σ_p A(i, p)·B[p][j] for i < m (a multiple of
 * `rows`), j < n (a multiple of 4·`vecs`), a tile of `rows` × 4·`vecs` of C in v128 locals.
 * Columns are the outer loop (one B panel of k × 4·vecs floats is reused over every row block),
 * rows the inner one.
 *
 * `aRows`:
 * - 'rows': A(i, p) at a + i·sI + 4p (A row-major, C = A·B): one pointer per row, p unrolled by
 *   `unroll` with constant offsets; sP is ignored.
 * - 'cols': A(i, p) at a + 4i + p·sP (A column-major, C = Aᵀ·B): one pointer, rows at constant
 *   offsets; sI is ignored.
 * B[p][j] is at b + p·ldb + 4j; C[i][j] at c + i·ldc + 4j (strides in bytes).
 */
export function mm32(name: string, rows: number, vecs: number, aRows: ARows, unroll: number): FuncDef {
  const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5, SI = 6, SP = 7, LDB = 8, LDC = 9, ACC = 10;
  const I = 11, J = 12, P = 13, BP = 14, CP = 15, KU = 16, AP0 = 17;
  const nPtr = aRows === 'rows' ? rows : 1;
  const ACC0 = AP0 + nPtr;
  const B0 = ACC0 + rows * vecs, X = B0 + vecs;
  const U = aRows === 'rows' ? unroll : 1;
  const acc = (r: number, v: number): number => ACC0 + vecs * r + v;
  const cRow = (r: number): Code => [o.get(CP), ...(r === 0 ? [] : [o.get(LDC), o.i32(r), o.i32Mul, o.i32Add])];
  const init: Code[] = [], store: Code[] = [], pointers: Code[] = [];
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vecs; v++) {
      init.push([o.get(ACC), o.if, cRow(r), o.v128Load(16 * v), o.set(acc(r, v)), o.else, o.f64(0), o.f64x2Splat, o.set(acc(r, v)), o.end]);
      store.push([cRow(r), o.get(acc(r, v)), o.v128Store(16 * v)]);
    }
  }
  if (aRows === 'rows') {
    for (let r = 0; r < rows; r++) pointers.push([o.get(A), o.get(I), o.i32(r), o.i32Add, o.get(SI), o.i32Mul, o.i32Add, o.set(AP0 + r)]);
  } else {
    pointers.push([o.get(A), o.get(I), o.i32(2), o.i32Shl, o.i32Add, o.set(AP0)]);
  }
  /** One p step: B row at BP, A at offset `u` steps (rows mode) or at AP (cols mode). */
  const step = (u: number): Code => {
    const s: Code[] = [];
    for (let v = 0; v < vecs; v++) s.push([o.get(BP), o.v128Load(16 * v), o.set(B0 + v)]);
    for (let r = 0; r < rows; r++) {
      s.push(aRows === 'rows' ? [o.get(AP0 + r), o.v128Load32Splat(4 * u)] : [o.get(AP0), o.v128Load32Splat(4 * r)]);
      s.push(o.set(X));
      for (let v = 0; v < vecs; v++) s.push([o.get(acc(r, v)), o.get(X), o.get(B0 + v), o.f32x4Mul, o.f32x4Add, o.set(acc(r, v))]);
    }
    s.push([o.get(BP), o.get(LDB), o.i32Add, o.set(BP)]);
    if (aRows === 'cols') s.push([o.get(AP0), o.get(SP), o.i32Add, o.set(AP0)]);
    return s;
  };
  const advanceRows = (steps: number): Code =>
    aRows === 'rows' ? Array.from({ length: rows }, (_, r) => [o.get(AP0 + r), o.i32(4 * steps), o.i32Add, o.set(AP0 + r)]) : [];
  const unrolled: Code[] = [];
  for (let u = 0; u < U; u++) unrolled.push(step(u));
  return {
    name,
    params: fill(11, I32),
    locals: [...fill(6 + nPtr, I32), ...fill(rows * vecs + vecs + 1, V128)] as FuncDef['locals'],
    body: [
      o.get(K), o.get(K), o.i32(U), o.i32(1), o.i32Sub, o.i32And, o.i32Sub, o.set(KU), // k rounded down to U (a power of 2)
      o.i32(0), o.set(J),
      o.block, o.loop, // column panels
      o.get(J), o.get(N), o.i32GeS, o.brIf(1),
      o.i32(0), o.set(I),
      o.block, o.loop, // row blocks
      o.get(I), o.get(M), o.i32GeS, o.brIf(1),
      // cp = c + i·ldc + 4j
      o.get(C), o.get(I), o.get(LDC), o.i32Mul, o.i32Add, o.get(J), o.i32(2), o.i32Shl, o.i32Add, o.set(CP),
      init,
      pointers,
      o.get(B), o.get(J), o.i32(2), o.i32Shl, o.i32Add, o.set(BP),
      o.i32(0), o.set(P),
      o.block, o.loop, // p ascending, U steps at a time
      o.get(P), o.get(KU), o.i32GeS, o.brIf(1),
      unrolled,
      advanceRows(U),
      o.get(P), o.i32(U), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      U > 1
        ? [
            o.block, o.loop, // the last k mod U steps
            o.get(P), o.get(K), o.i32GeS, o.brIf(1),
            step(0),
            advanceRows(1),
            o.get(P), o.i32(1), o.i32Add, o.set(P),
            o.br(0), o.end, o.end,
          ]
        : [],
      store,
      o.get(I), o.i32(rows), o.i32Add, o.set(I),
      o.br(0), o.end, o.end,
      o.get(J), o.i32(4 * vecs), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
    ],
  };
}

/**
 * Scalar, for the last n mod 4 columns: C[i][j] (+)= Σ_p A(i, p)·B[p][j] for i < m, j < n with
 * A(i, p) at a + i·sI + p·sP (both strides used). Same parameters as `mm32`.
 */
export function mm32Scalar(name: string): FuncDef {
  const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5, SI = 6, SP = 7, LDB = 8, LDC = 9, ACC = 10;
  const I = 11, J = 12, P = 13, AP = 14, BP = 15, CP = 16, S = 17;
  return {
    name,
    params: fill(11, I32),
    locals: [...fill(6, I32), T.f32] as FuncDef['locals'],
    body: [
      o.i32(0), o.set(I),
      o.block, o.loop,
      o.get(I), o.get(M), o.i32GeS, o.brIf(1),
      o.i32(0), o.set(J),
      o.block, o.loop,
      o.get(J), o.get(N), o.i32GeS, o.brIf(1),
      o.get(C), o.get(I), o.get(LDC), o.i32Mul, o.i32Add, o.get(J), o.i32(2), o.i32Shl, o.i32Add, o.set(CP),
      o.get(ACC), o.if, o.get(CP), o.f32Load(), o.set(S), o.else, o.f64(0), o.f32DemoteF64, o.set(S), o.end,
      o.get(A), o.get(I), o.get(SI), o.i32Mul, o.i32Add, o.set(AP),
      o.get(B), o.get(J), o.i32(2), o.i32Shl, o.i32Add, o.set(BP),
      o.i32(0), o.set(P),
      o.block, o.loop,
      o.get(P), o.get(K), o.i32GeS, o.brIf(1),
      o.get(S), o.get(AP), o.f32Load(), o.get(BP), o.f32Load(), o.f32Mul, o.f32Add, o.set(S),
      o.get(AP), o.get(SP), o.i32Add, o.set(AP),
      o.get(BP), o.get(LDB), o.i32Add, o.set(BP),
      o.get(P), o.i32(1), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      o.get(CP), o.get(S), o.f32Store(),
      o.get(J), o.i32(1), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
      o.get(I), o.i32(1), o.i32Add, o.set(I),
      o.br(0), o.end, o.end,
    ],
  };
}

/**
 * The machine's f32x4 multiply-add throughput, for the kernel benchmark: `iters` × 4 rounds of 7
 * independent pairs (m ← m·y; s ← s + m) on registers only, no memory. 7 chains of each cover the
 * multiply's and the add's latency, so the loop runs at the issue rate; 8 flops per pair.
 * Parameters (iters, y): y = 1 keeps the values finite (a runtime value, so nothing folds). The
 * total of the sums is stored once at byte 0 (16 bytes the arena never hands out) so the loop is
 * live.
 */
export function peak32(name: string): FuncDef {
  const N = 0, Y = 1;
  const YV = 2, M0 = 3, S0 = M0 + 7;
  const round: Code[] = [];
  for (let q = 0; q < 7; q++) round.push([o.get(M0 + q), o.get(YV), o.f32x4Mul, o.tee(M0 + q), o.get(S0 + q), o.f32x4Add, o.set(S0 + q)]);
  const init: Code[] = [];
  for (let q = 0; q < 7; q++) init.push([o.get(Y), o.f32DemoteF64, o.f32x4Splat, o.set(M0 + q), o.f64(0), o.f64x2Splat, o.set(S0 + q)]);
  const sum: Code[] = [o.get(S0)];
  for (let q = 1; q < 7; q++) sum.push([o.get(S0 + q), o.f32x4Add]);
  return {
    name,
    params: [I32, T.f64],
    locals: fill(15, V128) as FuncDef['locals'],
    body: [
      o.get(Y), o.f32DemoteF64, o.f32x4Splat, o.set(YV),
      init,
      o.block, o.loop,
      o.get(N), o.i32Eqz, o.brIf(1),
      round, round, round, round,
      o.get(N), o.i32(1), o.i32Sub, o.set(N),
      o.br(0), o.end, o.end,
      // keep the sums alive: store their total at byte 0 (never handed out by the arena)
      o.i32(0), sum, o.v128Store(0),
    ],
  };
}

/**
 * The packed tile product: C[i][j] (+)= Σ_p Ã[i/rows][p][i mod rows]·B̃[j/(4·vecs)][p][j mod 4·vecs]
 * for i < m (a multiple of `rows`), j < n (a multiple of 4·vecs), p < k (k ≥ 1). Ã holds A in
 * row blocks of k × rows floats (`pack32`), B̃ holds B in column panels of k × 4·vecs floats, so
 * both are read contiguously with constant offsets and one pointer each. Parameters
 * (ã, b̃, c, m, n, k, ldc, acc); `unroll` p steps per loop turn (k a multiple of it).
 */
export function mm32Packed(name: string, rows: number, vecs: number, unroll: number): FuncDef {
  const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5, LDC = 6, ACC = 7;
  const I = 8, J = 9, AQ = 10, BQ = 11, CP = 12, AEND = 13, BPANEL = 14;
  const ACC0 = 15, B0 = ACC0 + rows * vecs, X = B0 + vecs;
  const acc = (r: number, v: number): number => ACC0 + vecs * r + v;
  const cRow = (r: number): Code => [o.get(CP), ...(r === 0 ? [] : [o.get(LDC), o.i32(r), o.i32Mul, o.i32Add])];
  const init: Code[] = [], store: Code[] = [], body: Code[] = [];
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vecs; v++) {
      init.push([o.get(ACC), o.if, cRow(r), o.v128Load(16 * v), o.set(acc(r, v)), o.else, o.f64(0), o.f64x2Splat, o.set(acc(r, v)), o.end]);
      store.push([cRow(r), o.get(acc(r, v)), o.v128Store(16 * v)]);
    }
  }
  for (let u = 0; u < unroll; u++) {
    for (let v = 0; v < vecs; v++) body.push([o.get(BQ), o.v128Load(16 * (vecs * u + v)), o.set(B0 + v)]);
    for (let r = 0; r < rows; r++) {
      body.push([o.get(AQ), o.v128Load32Splat(4 * (rows * u + r)), o.set(X)]);
      for (let v = 0; v < vecs; v++) body.push([o.get(acc(r, v)), o.get(X), o.get(B0 + v), o.f32x4Mul, o.f32x4Add, o.set(acc(r, v))]);
    }
  }
  return {
    name,
    params: fill(8, I32),
    locals: [...fill(7, I32), ...fill(rows * vecs + vecs + 1, V128)] as FuncDef['locals'],
    body: [
      o.get(B), o.set(BPANEL),
      o.i32(0), o.set(J),
      o.block, o.loop, // column panels
      o.get(J), o.get(N), o.i32GeS, o.brIf(1),
      o.get(A), o.set(AQ),
      o.i32(0), o.set(I),
      o.block, o.loop, // row blocks (Ã is read in order: each block follows the previous one)
      o.get(I), o.get(M), o.i32GeS, o.brIf(1),
      o.get(C), o.get(I), o.get(LDC), o.i32Mul, o.i32Add, o.get(J), o.i32(2), o.i32Shl, o.i32Add, o.set(CP),
      init,
      o.get(BPANEL), o.set(BQ),
      o.get(AQ), o.get(K), o.i32(4 * rows), o.i32Mul, o.i32Add, o.set(AEND),
      o.loop, // p ascending
      body,
      o.get(BQ), o.i32(16 * vecs * unroll), o.i32Add, o.set(BQ),
      o.get(AQ), o.i32(4 * rows * unroll), o.i32Add, o.tee(AQ),
      o.get(AEND), o.i32LtS, o.brIf(0),
      o.end,
      store,
      o.get(I), o.i32(rows), o.i32Add, o.set(I),
      o.br(0), o.end, o.end,
      o.get(BPANEL), o.get(K), o.i32(16 * vecs), o.i32Mul, o.i32Add, o.set(BPANEL),
      o.get(J), o.i32(4 * vecs), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
    ],
  };
}

/**
 * Packing, scalar: dst ← for b < blocks, p < k, c < w: the float at src + b·sBlock + p·sRow +
 * c·sCol, each (b, p) row of w floats starting dRow bytes after the previous one (dRow = 4w:
 * contiguous). Parameters (src, dst, blocks, k, w, sBlock, sRow, sCol, dRow). Builds Ã and B̃
 * for `mm32Packed` from any layout (a transpose when sCol > sRow), and padded 4-wide panels.
 */
export function pack32(name: string): FuncDef {
  const SRC = 0, DST = 1, BLOCKS = 2, K = 3, W = 4, SB = 5, SR = 6, SC = 7, DR = 8;
  const BI = 9, P = 10, CI = 11, RP = 12, EP = 13, BP = 14, DP = 15;
  return {
    name,
    params: fill(9, I32),
    locals: fill(7, I32),
    body: [
      o.get(SRC), o.set(BP),
      o.i32(0), o.set(BI),
      o.block, o.loop,
      o.get(BI), o.get(BLOCKS), o.i32GeS, o.brIf(1),
      o.get(BP), o.set(RP),
      o.i32(0), o.set(P),
      o.block, o.loop,
      o.get(P), o.get(K), o.i32GeS, o.brIf(1),
      o.get(RP), o.set(EP),
      o.get(DST), o.set(DP),
      o.i32(0), o.set(CI),
      o.block, o.loop,
      o.get(CI), o.get(W), o.i32GeS, o.brIf(1),
      o.get(DP), o.get(EP), o.f32Load(), o.f32Store(),
      o.get(DP), o.i32(4), o.i32Add, o.set(DP),
      o.get(EP), o.get(SC), o.i32Add, o.set(EP),
      o.get(CI), o.i32(1), o.i32Add, o.set(CI),
      o.br(0), o.end, o.end,
      o.get(DST), o.get(DR), o.i32Add, o.set(DST),
      o.get(RP), o.get(SR), o.i32Add, o.set(RP),
      o.get(P), o.i32(1), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      o.get(BP), o.get(SB), o.i32Add, o.set(BP),
      o.get(BI), o.i32(1), o.i32Add, o.set(BI),
      o.br(0), o.end, o.end,
    ],
  };
}

/**
 * Packing of row-contiguous panels, `w4` v128 per row: dst (contiguous) ← for b < blocks, p < k:
 * the 4·w4 floats at src + b·sBlock + p·sRow. Parameters (src, dst, blocks, k, sBlock, sRow).
 */
export function pack32Rows(name: string, w4: number): FuncDef {
  const SRC = 0, DST = 1, BLOCKS = 2, K = 3, SB = 4, SR = 5;
  const BI = 6, P = 7, RP = 8, BP = 9;
  const copy: Code[] = [];
  for (let v = 0; v < w4; v++) copy.push([o.get(DST), o.get(RP), o.v128Load(16 * v), o.v128Store(16 * v)]);
  return {
    name,
    params: fill(6, I32),
    locals: fill(4, I32),
    body: [
      o.get(SRC), o.set(BP),
      o.i32(0), o.set(BI),
      o.block, o.loop,
      o.get(BI), o.get(BLOCKS), o.i32GeS, o.brIf(1),
      o.get(BP), o.set(RP),
      o.i32(0), o.set(P),
      o.block, o.loop,
      o.get(P), o.get(K), o.i32GeS, o.brIf(1),
      copy,
      o.get(DST), o.i32(16 * w4), o.i32Add, o.set(DST),
      o.get(RP), o.get(SR), o.i32Add, o.set(RP),
      o.get(P), o.i32(1), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      o.get(BP), o.get(SB), o.i32Add, o.set(BP),
      o.get(BI), o.i32(1), o.i32Add, o.set(BI),
      o.br(0), o.end, o.end,
    ],
  };
}

/** i8x16.shuffle bytes picking float lanes (0–3 of the first operand, 4–7 of the second). */
const lanes = (...f: number[]): number[] => f.flatMap((x) => [4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3]);

/**
 * Transposing packing, SIMD: dst (contiguous) ← for b < blocks, p < k, c < 4·w4: the float at
 * src + b·sBlock + c·sCol + 4p (each c a run contiguous in p: a row of B in C = A·Bᵀ). Four p at
 * a time through 4×4 shuffle transposes, the last k mod 4 scalar. Parameters
 * (src, dst, blocks, k, sBlock, sCol).
 */
export function pack32T(name: string, w4: number): FuncDef {
  const SRC = 0, DST = 1, BLOCKS = 2, K = 3, SB = 4, SC = 5;
  const BI = 6, P = 7, BP = 8, K4 = 9, Q = 10, CI = 11, DQ = 12;
  const R0 = 13, T0 = R0 + 4;
  const ld = 16 * w4; // bytes per packed row (one p)
  const group: Code[] = [];
  for (let g = 0; g < w4; g++) {
    for (let q = 0; q < 4; q++) {
      // row c = 4g + q at bp + c·sCol + 4p
      group.push([o.get(BP), o.get(SC), o.i32(4 * g + q), o.i32Mul, o.i32Add, o.get(P), o.i32(2), o.i32Shl, o.i32Add, o.v128Load(0), o.set(R0 + q)]);
    }
    group.push([o.get(R0), o.get(R0 + 1), o.shuffle(lanes(0, 4, 1, 5)), o.set(T0)]);
    group.push([o.get(R0), o.get(R0 + 1), o.shuffle(lanes(2, 6, 3, 7)), o.set(T0 + 1)]);
    group.push([o.get(R0 + 2), o.get(R0 + 3), o.shuffle(lanes(0, 4, 1, 5)), o.set(T0 + 2)]);
    group.push([o.get(R0 + 2), o.get(R0 + 3), o.shuffle(lanes(2, 6, 3, 7)), o.set(T0 + 3)]);
    group.push([o.get(DQ), o.get(T0), o.get(T0 + 2), o.shuffle(lanes(0, 1, 4, 5)), o.v128Store(16 * g)]);
    group.push([o.get(DQ), o.get(T0), o.get(T0 + 2), o.shuffle(lanes(2, 3, 6, 7)), o.v128Store(ld + 16 * g)]);
    group.push([o.get(DQ), o.get(T0 + 1), o.get(T0 + 3), o.shuffle(lanes(0, 1, 4, 5)), o.v128Store(2 * ld + 16 * g)]);
    group.push([o.get(DQ), o.get(T0 + 1), o.get(T0 + 3), o.shuffle(lanes(2, 3, 6, 7)), o.v128Store(3 * ld + 16 * g)]);
  }
  return {
    name,
    params: fill(6, I32),
    locals: [...fill(7, I32), ...fill(8, V128)] as FuncDef['locals'],
    body: [
      o.get(K), o.get(K), o.i32(3), o.i32And, o.i32Sub, o.set(K4),
      o.get(SRC), o.set(BP),
      o.get(DST), o.set(DQ),
      o.i32(0), o.set(BI),
      o.block, o.loop,
      o.get(BI), o.get(BLOCKS), o.i32GeS, o.brIf(1),
      o.i32(0), o.set(P),
      o.block, o.loop, // four p at a time
      o.get(P), o.get(K4), o.i32GeS, o.brIf(1),
      group,
      o.get(DQ), o.i32(4 * ld), o.i32Add, o.set(DQ),
      o.get(P), o.i32(4), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      o.block, o.loop, // the last k mod 4, one p (4·w4 floats) at a time
      o.get(P), o.get(K), o.i32GeS, o.brIf(1),
      o.i32(0), o.set(CI),
      o.block, o.loop,
      o.get(CI), o.i32(4 * w4), o.i32GeS, o.brIf(1),
      o.get(DQ), o.get(CI), o.i32(2), o.i32Shl, o.i32Add,
      o.get(BP), o.get(CI), o.get(SC), o.i32Mul, o.i32Add, o.get(P), o.i32(2), o.i32Shl, o.i32Add, o.f32Load(),
      o.f32Store(),
      o.get(CI), o.i32(1), o.i32Add, o.set(CI),
      o.br(0), o.end, o.end,
      o.get(DQ), o.i32(ld), o.i32Add, o.set(DQ),
      o.get(P), o.i32(1), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      o.get(BP), o.get(SB), o.i32Add, o.set(BP),
      o.get(BI), o.i32(1), o.i32Add, o.set(BI),
      o.br(0), o.end, o.end,
    ],
  };
}
