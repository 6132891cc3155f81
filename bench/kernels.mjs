// `npm run bench -- --kernels`: the matrix-product kernels alone, in GFLOP/s, on the shapes the
// workloads' dense layers use (bench/workloads.mjs), for the three products of a layer
//
//   forward   Z  = X·Wᵀ   NT   m = batch, k = in,    n = out
//   backward  dX = dZ·W   NN   m = batch, k = out,   n = in
//             dW = dZᵀ·X  TN   m = out,   k = batch, n = in   (accumulating, as a gradient does)
//
// in float64 (core's gemm.ts, f64x2 WebAssembly) and float32 (wasm/gemm32-wasm.ts, f32x4), each
// 2·batch·in·out flops. Beside them, in the same run, this machine's 128-bit SIMD peak: a loop of
// f32x4 multiplies and adds on registers only (7 independent chains of each, so it measures
// throughput, not latency; 2 flops per lane per multiply-add). The peak loop runs right before each
// kernel in each run, a shape's share is its GFLOP/s over that adjacent peak, and medians over the
// runs are printed: a busy machine slows both of a pair alike. Imports the built core (dist) directly: these
// entry points are internal to core.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../scripts/setup.mjs';

const dist = (path) => import(pathToFileURL(join(ROOT, 'packages', 'core', 'dist', path)).href);

/** [workload, batch, in, out]: the big layers of W4/W4s/W5 and a small one from W1 and W3b. */
export const KERNEL_SHAPES = [
  ['W4', 128, 784, 512],
  ['W4', 128, 512, 256],
  ['W4s', 32, 784, 512],
  ['W4s', 32, 512, 256],
  ['W5', 64, 400, 260],
  ['W5', 64, 260, 128],
  ['W5', 64, 128, 64],
  ['W3b', 8, 400, 260],
  ['W1', 32, 35, 16],
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/**
 * GFLOP/s of `f` (doing `flops` per call) over about `seconds` of wall-clock time: `{ cpu, wall }`,
 * per second of this process's CPU time and per second of wall-clock time. On a machine shared
 * with other work the CPU time leaves out the slices the scheduler gave to others.
 */
function rate(f, flops, seconds) {
  f(); // warm (and, the first time, tier up)
  let calls = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let dt;
  do {
    f();
    calls++;
    dt = (performance.now() - t0) / 1000;
  } while (dt < seconds);
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  return { cpu: (flops * calls) / Math.max(cpu, 1e-6) / 1e9, wall: (flops * calls) / dt / 1e9 };
}

/**
 * Measures and returns the rows: one `{ kernel: 'peak', precision: 'f32x4', gflops, wallGflops }`,
 * then per shape, product and precision `{ kernel, precision, workload, batch, in, out, m, k, n,
 * gflops, wallGflops, peakShare, runs }` (`gflops` and `runs` per CPU second, see `rate`) (medians over `runs` runs of ~`seconds` each; `peakShare` is always over the
 * f32x4 peak, for float64 too, whose own peak with two lanes is half of it).
 */
export async function measureKernels({ runs = 5, seconds = 0.2 } = {}) {
  const [{ wasmArena }, { Matrix }, g64, g32] = await Promise.all([
    dist('tensor/wasm/arena.js'),
    dist('tensor/matrix.js'),
    dist('tensor/gemm.js'),
    dist('tensor/wasm/gemm32-wasm.js'),
  ]);
  const arena = wasmArena();
  if (arena === undefined) throw new Error('bench --kernels: no WebAssembly SIMD here (or SIA_WASM=0)');
  let seed = 1;
  const fill = (data) => {
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = seed / 2 ** 32 - 0.5;
    }
    return data;
  };
  const m64 = (r, c) => new Matrix(r, c, fill(arena.alloc(r * c)));
  const m32 = (r, c) => ({ rows: r, cols: c, data: fill(arena.allocF32(r * c)) });
  const cases = [];
  for (const [workload, batch, inputs, out] of KERNEL_SHAPES) {
    const flops = 2 * batch * inputs * out;
    for (const [precision, mat, nt, nn, tn] of [
      ['f64', m64, (a, b, c) => g64.gemmNT(a, b, c, false), (a, b, c) => g64.gemmNN(a, b, c, false), (a, b, c) => g64.gemmTN(a, b, c, true)],
      ['f32', m32, (a, b, c) => g32.gemmNT32Wasm(a, b, c, false), (a, b, c) => g32.gemmNN32Wasm(a, b, c, false), (a, b, c) => g32.gemmTN32Wasm(a, b, c, true)],
    ]) {
      const x = mat(batch, inputs), w = mat(out, inputs), z = mat(batch, out), dx = mat(batch, inputs), dw = mat(out, inputs);
      const base = { precision, workload, batch, in: inputs, out };
      cases.push({ ...base, kernel: 'NT', m: batch, k: inputs, n: out, flops, run: () => nt(x, w, z) });
      cases.push({ ...base, kernel: 'NN', m: batch, k: out, n: inputs, flops, run: () => nn(z, w, dx) });
      cases.push({ ...base, kernel: 'TN', m: out, k: batch, n: inputs, flops, run: () => tn(z, x, dw) });
    }
  }
  // one call of the peak loop: 20,000 × 4 rounds × 7 pairs × 4 lanes × 2 flops
  const peakFlops = 20000 * 4 * 7 * 8;
  const peak = () => arena.kernels.peak32(20000, 1);
  // warm-up: V8 compiles WebAssembly with its baseline tier first and tiers up in the background
  const warm = Math.min(0.1, seconds);
  rate(peak, peakFlops, warm);
  for (const c of cases) rate(c.run, c.flops, warm);
  const peaks = [], peaksWall = [];
  const rates = cases.map(() => []), wall = cases.map(() => []), shares = cases.map(() => []);
  for (let r = 0; r < runs; r++) {
    cases.forEach((c, i) => {
      // the peak right before each kernel: a share compares two adjacent measurements
      const p = rate(peak, peakFlops, seconds / 2);
      const g = rate(c.run, c.flops, seconds);
      peaks.push(p.cpu);
      peaksWall.push(p.wall);
      rates[i].push(g.cpu);
      wall[i].push(g.wall);
      shares[i].push(g.cpu / p.cpu);
    });
  }
  const rows = [{ kernel: 'peak', precision: 'f32x4', gflops: median(peaks), wallGflops: median(peaksWall) }];
  cases.forEach((c, i) => {
    const { run: _run, flops: _flops, ...row } = c;
    rows.push({ ...row, gflops: median(rates[i]), wallGflops: median(wall[i]), peakShare: median(shares[i]), runs: rates[i] });
  });
  return rows;
}

const fmt = (x, d) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** `bench --kernels`: measures, then prints the table (or the JSON list). */
export async function runKernels({ runs, seconds, json }) {
  const rows = await measureKernels({ runs, seconds });
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const [peak, ...rest] = rows;
  console.log(`f32x4 peak (mul + add on registers, no memory): ${fmt(peak.gflops, 1)} GFLOP/s (${fmt(peak.wallGflops, 1)} per wall-clock second)`);
  console.log('shape (workload: batch x in -> out)     product   f64 GFLOP/s   f32 GFLOP/s   f32 share of peak');
  for (let i = 0; i < rest.length; i += 6) {
    const f64 = rest.slice(i, i + 3), f32 = rest.slice(i + 3, i + 6);
    for (let q = 0; q < 3; q++) {
      const r = f32[q];
      const shape = q === 0 ? `${r.workload}: ${r.batch} x ${r.in} -> ${r.out}` : '';
      console.log(
        `${shape.padEnd(40)} ${r.kernel} (${`${r.m}x${r.k}x${r.n}`.padEnd(11)}) ${fmt(f64[q].gflops, 1).padStart(6)}       ${fmt(r.gflops, 1).padStart(6)}        ${fmt(100 * r.peakShare, 0).padStart(3)} %`,
      );
    }
  }
  console.log(`median of ${runs} runs of ~${seconds} s per kernel; GFLOP/s per second of CPU time; share = over the peak loop's run just before; (m x k x n) of C = m x n`);
}
