import { T, op as o, type Code, type FuncDef } from './emit.js';

// The matrix products as WebAssembly SIMD functions (see `KernelExports` in `kernels.ts`).

/**
 * The register-blocked product of `rows` rows × 2·`vecs` columns (`vecs` f64x2 accumulators per
 * row): `mm4`/`mm1` do 4 columns per block, `mm4h`/`mm1h` 2 (the tail of a width that is 2 or 3
 * mod 4).
 */
export function mm(rows: 1 | 4, vecs: 1 | 2): FuncDef {
  // params
  const A = 0, B = 1, C = 2, M = 3, N4 = 4, K = 5, SI = 6, SP = 7, LDB = 8, LDC = 9, ACC = 10;
  // locals
  const I = 11, J = 12, P = 13, BP = 14, CP = 15, AP0 = 16; // AP0..AP0+rows-1: one A pointer per row
  const ACC0 = AP0 + rows; // vecs·rows accumulators
  const B0 = ACC0 + vecs * rows, X = B0 + vecs;
  const acc = (r: number, h: number): number => ACC0 + vecs * r + h;
  const cRow = (r: number): Code => [o.get(CP), ...(r === 0 ? [] : [o.get(LDC), o.i32(r), o.i32Mul, o.i32Add])];
  const init: Code[] = [];
  const store: Code[] = [];
  const step: Code[] = [];
  const loadB: Code[] = [];
  for (let h = 0; h < vecs; h++) loadB.push([o.get(BP), o.v128Load(16 * h), o.set(B0 + h)]);
  for (let r = 0; r < rows; r++) {
    for (let h = 0; h < vecs; h++) {
      init.push([o.get(ACC), o.if, cRow(r), o.v128Load(16 * h), o.set(acc(r, h)), o.else, o.f64(0), o.f64x2Splat, o.set(acc(r, h)), o.end]);
      store.push([cRow(r), o.get(acc(r, h)), o.v128Store(16 * h)]);
    }
    step.push([o.get(AP0 + r), o.v128Load64Splat(), o.set(X)]);
    for (let h = 0; h < vecs; h++) step.push([o.get(acc(r, h)), o.get(X), o.get(B0 + h), o.f64x2Mul, o.f64x2Add, o.set(acc(r, h))]);
    step.push([o.get(AP0 + r), o.get(SP), o.i32Add, o.set(AP0 + r)]);
  }
  const setRowPointers: Code[] = [];
  for (let r = 0; r < rows; r++) {
    // ap_r = a + (i + r)·sI
    setRowPointers.push([o.get(A), o.get(I), o.i32(r), o.i32Add, o.get(SI), o.i32Mul, o.i32Add, o.set(AP0 + r)]);
  }
  return {
    name: `mm${rows}${vecs === 2 ? '' : 'h'}`,
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    locals: [T.i32, T.i32, T.i32, T.i32, T.i32, ...Array<number>(rows).fill(T.i32), ...Array<number>(vecs * rows + vecs + 1).fill(T.v128)] as FuncDef['locals'],
    body: [
      o.i32(0), o.set(I),
      o.block, o.loop, // rows
      o.get(I), o.get(M), o.i32GeS, o.brIf(1),
      o.i32(0), o.set(J),
      o.block, o.loop, // columns, 2·vecs at a time
      o.get(J), o.get(N4), o.i32GeS, o.brIf(1),
      // cp = c + i·ldc + 8j
      o.get(C), o.get(I), o.get(LDC), o.i32Mul, o.i32Add, o.get(J), o.i32(3), o.i32Shl, o.i32Add, o.set(CP),
      init,
      setRowPointers,
      o.get(B), o.get(J), o.i32(3), o.i32Shl, o.i32Add, o.set(BP),
      o.i32(0), o.set(P),
      o.block, o.loop, // p ascending: the order of the plain loop
      o.get(P), o.get(K), o.i32GeS, o.brIf(1),
      loadB,
      step,
      o.get(BP), o.get(LDB), o.i32Add, o.set(BP),
      o.get(P), o.i32(1), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      store,
      o.get(J), o.i32(2 * vecs), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
      o.get(I), o.i32(rows), o.i32Add, o.set(I),
      o.br(0), o.end, o.end,
    ],
  };
}

/**
 * One column, scalar: C[i][0] (+)= Σ_p A(i, p)·B[p][0] for i < m (the last column of an odd width;
 * pointers b and c already at that column). Same parameters as `mm4`, n ignored.
 */
export function mmColumn(): FuncDef {
  const A = 0, B = 1, C = 2, M = 3, K = 5, SI = 6, SP = 7, LDB = 8, LDC = 9, ACC = 10;
  const I = 11, P = 12, AP = 13, BP = 14, CP = 15, S = 16;
  return {
    name: 'mmc',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    locals: [T.i32, T.i32, T.i32, T.i32, T.i32, T.f64],
    body: [
      o.i32(0), o.set(I),
      o.block, o.loop,
      o.get(I), o.get(M), o.i32GeS, o.brIf(1),
      o.get(C), o.get(I), o.get(LDC), o.i32Mul, o.i32Add, o.set(CP),
      o.get(ACC), o.if, o.get(CP), o.f64Load(), o.set(S), o.else, o.f64(0), o.set(S), o.end,
      o.get(A), o.get(I), o.get(SI), o.i32Mul, o.i32Add, o.set(AP),
      o.get(B), o.set(BP),
      o.i32(0), o.set(P),
      o.block, o.loop,
      o.get(P), o.get(K), o.i32GeS, o.brIf(1),
      o.get(S), o.get(AP), o.f64Load(), o.get(BP), o.f64Load(), o.f64Mul, o.f64Add, o.set(S),
      o.get(AP), o.get(SP), o.i32Add, o.set(AP),
      o.get(BP), o.get(LDB), o.i32Add, o.set(BP),
      o.get(P), o.i32(1), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      o.get(CP), o.get(S), o.f64Store(),
      o.get(I), o.i32(1), o.i32Add, o.set(I),
      o.br(0), o.end, o.end,
    ],
  };
}

/**
 * Dot products, scalar: C[i][j] (+)= Σ_p A[i][p]·B[j][p] for i < m, j < n (the columns of C = A·Bᵀ
 * past the last block of 8; pointers b and c already at the first of them). Same parameters as `mt4`.
 */
export function mtColumns(): FuncDef {
  const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5, LDC = 6, ACC = 7;
  const I = 8, J = 9, P = 10, AP = 11, BP = 12, CP = 13, S = 14;
  return {
    name: 'mtc',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    locals: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.f64],
    body: [
      o.i32(0), o.set(I),
      o.block, o.loop,
      o.get(I), o.get(M), o.i32GeS, o.brIf(1),
      o.i32(0), o.set(J),
      o.block, o.loop,
      o.get(J), o.get(N), o.i32GeS, o.brIf(1),
      // cp = c + i·ldc + 8j; ap = a + 8·i·k; bp = b + 8·j·k
      o.get(C), o.get(I), o.get(LDC), o.i32Mul, o.i32Add, o.get(J), o.i32(3), o.i32Shl, o.i32Add, o.set(CP),
      o.get(ACC), o.if, o.get(CP), o.f64Load(), o.set(S), o.else, o.f64(0), o.set(S), o.end,
      o.get(A), o.get(I), o.get(K), o.i32Mul, o.i32(3), o.i32Shl, o.i32Add, o.set(AP),
      o.get(B), o.get(J), o.get(K), o.i32Mul, o.i32(3), o.i32Shl, o.i32Add, o.set(BP),
      o.i32(0), o.set(P),
      o.block, o.loop,
      o.get(P), o.get(K), o.i32GeS, o.brIf(1),
      o.get(S), o.get(AP), o.f64Load(), o.get(BP), o.f64Load(), o.f64Mul, o.f64Add, o.set(S),
      o.get(AP), o.i32(8), o.i32Add, o.set(AP),
      o.get(BP), o.i32(8), o.i32Add, o.set(BP),
      o.get(P), o.i32(1), o.i32Add, o.set(P),
      o.br(0), o.end, o.end,
      o.get(CP), o.get(S), o.f64Store(),
      o.get(J), o.i32(1), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
      o.get(I), o.i32(1), o.i32Add, o.set(I),
      o.br(0), o.end, o.end,
    ],
  };
}

/** C = A·Bᵀ, `rows` rows × 8 columns (four f64x2 accumulators per row) per block. */
export function mt(rows: 1 | 4): FuncDef {
  const A = 0, B = 1, C = 2, M = 3, N8 = 4, K = 5, LDC = 6, ACC = 7;
  const I = 8, J = 9, PO = 10, CP = 11, LDA = 12;
  const AR0 = 13; // rows: A row base pointers
  const BR0 = AR0 + rows; // 8: B row base pointers (columns j … j+7)
  const ACC0 = BR0 + 8; // 4·rows accumulators
  const V0 = ACC0 + 4 * rows; // 4 column-pair vectors
  const X = V0 + 4;
  const acc = (r: number, h: number): number => ACC0 + 4 * r + h;
  const cRow = (r: number): Code => [o.get(CP), ...(r === 0 ? [] : [o.get(LDC), o.i32(r), o.i32Mul, o.i32Add])];
  const at = (base: number): Code => [o.get(base), o.get(PO), o.i32Add];
  const init: Code[] = [], store: Code[] = [], step: Code[] = [], pointers: Code[] = [];
  for (let r = 0; r < rows; r++) {
    for (let h = 0; h < 4; h++) {
      init.push([o.get(ACC), o.if, cRow(r), o.v128Load(16 * h), o.set(acc(r, h)), o.else, o.f64(0), o.f64x2Splat, o.set(acc(r, h)), o.end]);
      store.push([cRow(r), o.get(acc(r, h)), o.v128Store(16 * h)]);
    }
    pointers.push([o.get(A), o.get(I), o.i32(r), o.i32Add, o.get(LDA), o.i32Mul, o.i32Add, o.set(AR0 + r)]);
    step.push([at(AR0 + r), o.v128Load64Splat(), o.set(X)]);
    for (let h = 0; h < 4; h++) step.push([o.get(acc(r, h)), o.get(X), o.get(V0 + h), o.f64x2Mul, o.f64x2Add, o.set(acc(r, h))]);
  }
  for (let c = 0; c < 8; c++) pointers.push([o.get(B), o.get(J), o.i32(c), o.i32Add, o.get(LDA), o.i32Mul, o.i32Add, o.set(BR0 + c)]);
  const loadPairs: Code[] = [];
  for (let h = 0; h < 4; h++) {
    // (B[j+2h][p], B[j+2h+1][p]): a splat load, then lane 1 replaced by a load from the next row.
    loadPairs.push([at(BR0 + 2 * h), o.v128Load64Splat(), o.set(V0 + h)]);
    loadPairs.push([at(BR0 + 2 * h + 1), o.get(V0 + h), o.v128Load64Lane(1), o.set(V0 + h)]);
  }
  return {
    name: `mt${rows}`,
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    locals: [...Array<number>(5 + rows + 8).fill(T.i32), ...Array<number>(4 * rows + 5).fill(T.v128)] as FuncDef['locals'],
    body: [
      o.get(K), o.i32(3), o.i32Shl, o.set(LDA), // row stride of A and B in bytes
      o.i32(0), o.set(I),
      o.block, o.loop,
      o.get(I), o.get(M), o.i32GeS, o.brIf(1),
      o.i32(0), o.set(J),
      o.block, o.loop,
      o.get(J), o.get(N8), o.i32GeS, o.brIf(1),
      o.get(C), o.get(I), o.get(LDC), o.i32Mul, o.i32Add, o.get(J), o.i32(3), o.i32Shl, o.i32Add, o.set(CP),
      init,
      pointers,
      o.i32(0), o.set(PO),
      o.block, o.loop, // p ascending
      o.get(PO), o.get(LDA), o.i32GeS, o.brIf(1),
      loadPairs,
      step,
      o.get(PO), o.i32(8), o.i32Add, o.set(PO),
      o.br(0), o.end, o.end,
      store,
      o.get(J), o.i32(8), o.i32Add, o.set(J),
      o.br(0), o.end, o.end,
      o.get(I), o.i32(rows), o.i32Add, o.set(I),
      o.br(0), o.end, o.end,
    ],
  };
}
