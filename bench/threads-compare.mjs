#!/usr/bin/env node
// Kernel threads side by side: builds each workload once (bench/workloads.mjs) and alternates
// 1 and 2 threads (core's setThreads) run after run in the same process, so both counts see the
// same machine state (it is shared); prints the medians, the median of the paired ratios, and the
// CPU time the process (all its threads) spent per 1,000 samples: the work the split adds.
//
// Usage: node bench/threads-compare.mjs [W1 W4 ...] [--runs N] [--seconds S] [--threads A,B]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureReady } from '../scripts/setup.mjs';

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const runs = Number(opt('--runs', 7));
const seconds = Number(opt('--seconds', 1));
const counts = opt('--threads', '1,2').split(',').map(Number);
const names = argv.filter((a, i) => /^W\d/.test(a) && !String(argv[i - 1]).startsWith('--'));
if (ensureReady({ quiet: true }) !== 0) process.exit(1);
const core = await import(pathToFileURL(join(ROOT, 'packages', 'core', 'dist', 'index.js')).href);
const { buildWorkload } = await import('./workloads.mjs');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

async function use(threads) {
  core.setThreads(threads);
  if (threads > 1) await core.threadsReady();
}

console.log(`workload  ${counts.map((t) => `${t} thread${t > 1 ? 's' : ' '} samples/s`.padStart(20)).join('')}   paired ratio ${counts[1]}/${counts[0]} (median, min..max)   CPU s per 1k samples (${counts.join(' / ')} threads)`);
for (const name of names.length > 0 ? names : ['W4', 'W4s', 'W5']) {
  const w = await buildWorkload(name);
  await use(counts[0]);
  let t0 = performance.now(), done = 0;
  do {
    w.train(1);
    done++;
  } while (performance.now() - t0 < 300);
  const epochs = Math.max(1, Math.round((done * seconds * 1000) / (performance.now() - t0)));
  const rates = counts.map(() => []);
  const cpu = counts.map(() => []); // CPU seconds of the whole process (every thread) per 1,000 samples
  for (let r = 0; r < runs; r++) {
    for (let c = 0; c < counts.length; c++) {
      await use(counts[c]);
      w.train(1); // the workers' first touch of this workload
      const u0 = process.cpuUsage();
      t0 = performance.now();
      w.train(epochs);
      rates[c].push((w.items * epochs) / ((performance.now() - t0) / 1000));
      const u = process.cpuUsage(u0);
      cpu[c].push(((u.user + u.system) / 1e6 / (w.items * epochs)) * 1000);
    }
  }
  const ratios = rates[1].map((x, i) => x / rates[0][i]);
  console.log(
    `${name.padEnd(8)}  ${rates.map((r) => Math.round(median(r)).toLocaleString('en-US').padStart(20)).join('')}   ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)})`.padEnd(84) +
      cpu.map((x) => median(x).toFixed(3)).join(' / '),
  );
}
core.setThreads(1);
