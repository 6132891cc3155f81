#!/usr/bin/env node
// `npm run bench` / `pnpm bench`: sia's training speed on its workloads
// (bench/workloads.mjs), optionally side by side with PyTorch (bench/torch_workloads.py).
//
// Usage: node bench/bench.mjs [W1 W1o W2 W3 W3b W3c] [--json] [--compare] [--runs N] [--seconds S]
//                             [--float64] [--smoke]
//   --json      print a JSON list of {workload, samplesPerSecond, gflops, peakMemoryMB} (plus the
//               PyTorch figures and the ratio with --compare) instead of the table
//   --compare   run PyTorch's version of each workload right after sia's (same machine state) and
//               print the ratio sia / PyTorch; needs /usr/bin/python3 with python3-torch
//   --runs N    timed runs per workload (default 5; the median is reported)
//   --seconds S length of one timed run (default 1)
//   --float64   PyTorch in float64 instead of its default float32 (when --precision is not given)
//   --precision float32[,float64]
//               the networks' precision (the trainers' `precision` option), one or both side by
//               side: weights, activations, gradients and Adam's state; with --compare PyTorch
//               runs in the same dtype, and with both precisions the float32/float64 speed-up of
//               sia is printed too
//   --threads N[,M]
//               sia's threads (setThreads) and PyTorch's (torch.set_num_threads), one run each
//   --rounds R  repeat the whole sweep R times, interleaved (every workload, thread count and
//               precision once per round), and report the median of the R medians
//   --smoke     tiny runs (2 × 0.02 s) to check that the script works, not to measure
//   --kernels   the matrix-product kernels alone instead (bench/kernels.mjs): GFLOP/s of the
//               workloads' layer shapes, float64 and float32, beside this machine's f32x4 peak
//               (--runs as above; --seconds per kernel per run, default 0.2)
//   --adam-precision float32
//               Adam's `precision` option for W2, W3, W3b, W3c (default float64, as in every shipped
//               pipeline): float32 does the update's square root and division in float32
//
// Each workload runs in its own Node process, so its peak memory (the RSS high-water mark of
// that process, Node itself included) is its own. Protocol per workload: build the model, warm
// up for ~0.3 s (which also sizes a run to --seconds), then --runs timed runs of E epochs each;
// then one more fit of 4E epochs, whose peak RSS is reported beside the first to show that
// memory does not grow with the number of epochs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ROOT, ensureReady } from '../scripts/setup.mjs';

const SELF = fileURLToPath(import.meta.url);
const TORCH = join(ROOT, 'bench', 'torch_workloads.py');
const NAMES = ['W1', 'W1o', 'W2', 'W3', 'W3b', 'W3c', 'W4', 'W4s', 'W5'];

function parseArgs(argv) {
  const o = { workloads: [], json: false, compare: false, runs: 5, seconds: 1, float64: false, smoke: false, child: undefined, adamPrecision: 'float64', kernels: false, threads: [1], precisions: undefined, rounds: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--compare') o.compare = true;
    else if (a === '--float64') o.float64 = true;
    else if (a === '--smoke') o.smoke = true;
    else if (a === '--kernels') o.kernels = true;
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--seconds') o.seconds = o.secondsGiven = Number(argv[++i]);
    else if (a === '--child') o.child = argv[++i];
    else if (a === '--adam-precision') o.adamPrecision = argv[++i];
    else if (a === '--threads') o.threads = String(argv[++i]).split(',').map(Number);
    else if (a === '--precision') o.precisions = String(argv[++i]).split(',');
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (NAMES.includes(a)) o.workloads.push(a);
    else throw new Error(`bench: unknown argument ${a} (workloads: ${NAMES.join(' ')}; options: --json --compare --runs N --seconds S --float64 --precision P[,Q] --rounds R --smoke --kernels --threads N[,M])`);
  }
  if (o.smoke) {
    o.runs = 2;
    o.seconds = 0.02;
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('bench: --runs needs a positive integer');
  if (!(o.seconds > 0)) throw new Error('bench: --seconds needs a positive number');
  if (o.adamPrecision !== 'float64' && o.adamPrecision !== 'float32') throw new Error('bench: --adam-precision is float64 or float32');
  if (!o.threads.every((t) => Number.isInteger(t) && t >= 1)) throw new Error('bench: --threads needs positive integers (e.g. 1,2)');
  if (o.precisions !== undefined && (o.precisions.length === 0 || !o.precisions.every((p) => p === 'float32' || p === 'float64'))) {
    throw new Error('bench: --precision is float32, float64 or both (float32,float64)');
  }
  if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new Error('bench: --rounds needs a positive integer');
  if (o.workloads.length === 0) o.workloads = NAMES;
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const peakRssMB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB

/** Child process: measures one workload and prints one JSON line. */
async function child(name, runs, seconds, smoke, adamPrecision, threads, precision) {
  const { buildWorkload, WORKLOADS } = await import('./workloads.mjs');
  const { setThreads, threadsReady } = await import(pathToFileURL(join(ROOT, 'packages', 'core', 'dist', 'index.js')).href);
  setThreads(threads);
  await threadsReady();
  const w = await buildWorkload(name, { adamPrecision, precision });
  const warm = smoke ? 0.01 : 0.3;
  let t0 = performance.now();
  let done = 0;
  do {
    w.train(1);
    done++;
  } while (performance.now() - t0 < warm * 1000);
  const epochs = Math.max(1, Math.round((done * seconds * 1000) / (performance.now() - t0)));
  const rates = [];
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    const res = w.train(epochs);
    const dt = (performance.now() - t0) / 1000;
    if (res.stop !== 'epochs') throw new Error(`bench ${name}: training stopped early (${res.stop})`);
    rates.push((w.items * epochs) / dt);
  }
  const peak = peakRssMB();
  w.train(4 * epochs);
  const peak4 = peakRssMB();
  const samplesPerSecond = median(rates);
  process.stdout.write(
    `${JSON.stringify({
      workload: name,
      threads,
      precision,
      samplesPerSecond,
      gflops: (6 * WORKLOADS[name].weights * samplesPerSecond) / 1e9,
      peakMemoryMB: peak,
      peakMemoryMB4x: peak4,
      epochsPerRun: epochs,
      runs: rates,
    })}\n`,
  );
}

function runJson(command, args, what) {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').filter(Boolean).pop();
  return JSON.parse(line);
}

const fmt = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.child) return child(o.child, o.runs, o.seconds, o.smoke, o.adamPrecision, o.threads[0], o.precisions?.[0] ?? 'float64');
  const status = ensureReady({ quiet: true });
  if (status !== 0) process.exit(status);
  if (o.kernels) {
    const { runKernels } = await import('./kernels.mjs');
    return runKernels({ runs: o.runs, seconds: o.smoke ? 0.01 : (o.secondsGiven ?? 0.2), json: o.json });
  }
  const { WORKLOADS } = await import('./workloads.mjs');
  const precisions = o.precisions ?? ['float64'];
  const labelled = o.precisions !== undefined; // rows say their precision (and PyTorch follows it)
  // Every (workload, threads, precision) once per round, sia then PyTorch right after it (the
  // same machine state); rounds repeat the whole sweep, so slow phases of a shared machine fall
  // on every configuration alike.
  const samples = new Map();
  for (let round = 0; round < o.rounds; round++) {
    for (const name of o.workloads) for (const threads of o.threads) for (const precision of precisions) {
      const childArgs = ['--child', name, '--runs', String(o.runs), '--seconds', String(o.seconds), '--adam-precision', o.adamPrecision, '--threads', String(threads), '--precision', precision, ...(o.smoke ? ['--smoke'] : [])];
      const sia = runJson(process.execPath, [SELF, ...childArgs], `sia ${name}`);
      let torch;
      if (o.compare) {
        const f64 = labelled ? precision === 'float64' : o.float64;
        const args = [TORCH, name, '--runs', String(o.runs), '--seconds', String(o.seconds), '--threads', String(threads), ...(f64 ? ['--float64'] : [])];
        torch = runJson('/usr/bin/python3', args, `PyTorch ${name}`);
      }
      const key = `${name} ${threads} ${precision}`;
      if (!samples.has(key)) samples.set(key, { name, threads, precision, sia: [], torch: [] });
      samples.get(key).sia.push(sia);
      if (torch) samples.get(key).torch.push(torch);
    }
  }
  const results = [];
  for (const { name, threads, precision, sia, torch } of samples.values()) {
    const last = sia[sia.length - 1];
    const sps = median(sia.map((s) => s.samplesPerSecond));
    const row = { workload: name, threads, ...(labelled ? { precision } : {}), samplesPerSecond: sps, gflops: (6 * WORKLOADS[name].weights * sps) / 1e9, peakMemoryMB: last.peakMemoryMB, peakMemoryMB4x: last.peakMemoryMB4x };
    if (o.rounds > 1) row.rounds = sia.map((s) => s.samplesPerSecond);
    if (o.compare) {
      row.torchSamplesPerSecond = median(torch.map((t) => t.samplesPerSecond));
      row.torchDtype = torch[0].dtype;
      row.ratio = row.samplesPerSecond / row.torchSamplesPerSecond;
      if (o.rounds > 1) row.torchRounds = torch.map((t) => t.samplesPerSecond);
    }
    results.push(row);
  }
  // sia's float32 / float64 speed-up where both ran
  if (precisions.length > 1) {
    for (const row of results) {
      if (row.precision !== 'float32') continue;
      const f64 = results.find((r) => r.workload === row.workload && r.threads === row.threads && r.precision === 'float64');
      if (f64) row.speedupOverFloat64 = row.samplesPerSecond / f64.samplesPerSecond;
    }
  }
  if (o.json) console.log(JSON.stringify(results, null, 2));
  else {
    for (const row of results) {
      const cmp = o.compare ? `   PyTorch ${row.torchDtype.replace('torch.', '')} ${fmt(row.torchSamplesPerSecond).padStart(9)}/s   ratio ${fmt(row.ratio, 2).padStart(6)}` : '';
      const up = row.speedupOverFloat64 !== undefined ? `   x${fmt(row.speedupOverFloat64, 2)} over float64` : '';
      const tag = `${o.threads.length > 1 || row.threads > 1 ? `t${row.threads} ` : ''}${labelled ? `${row.precision} ` : ''}`;
      console.log(
        `${row.workload.padEnd(4)} ${tag}${fmt(row.samplesPerSecond).padStart(9)} samples/s  ${fmt(row.gflops, 2).padStart(6)} GFLOP/s  ` +
          `peak RSS ${fmt(row.peakMemoryMB, 1)} MB (after 4x epochs ${fmt(row.peakMemoryMB4x, 1)} MB)${cmp}${up}`,
      );
    }
    const rounds = o.rounds > 1 ? `; median of ${o.rounds} interleaved rounds` : '';
    console.log(`median of ${o.runs} runs of ~${o.seconds} s after a warm-up${rounds}; GFLOP/s = 6 x weights x samples/s; peak RSS = high-water mark of the workload's own Node process`);
    if (o.adamPrecision !== 'float64') console.log(`Adam precision: ${o.adamPrecision} (not the default)`);
    for (const name of o.workloads) console.log(`  ${name}: ${WORKLOADS[name].what}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
