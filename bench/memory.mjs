#!/usr/bin/env node
// Memory stays flat as training grows: trains one workload for E, 4E and 16E more epochs and
// prints, after each, the RSS high-water mark and the JS heap in use after a full collection.
// Usage: node --expose-gc bench/memory.mjs [W1|W1o|W2|W3|W3b] [E]   (defaults: W3b 200)
import { ensureReady } from '../scripts/setup.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('bench/memory.mjs: run it with node --expose-gc');
  process.exit(2);
}
const status = ensureReady({ quiet: true });
if (status !== 0) process.exit(status);
const { buildWorkload } = await import('./workloads.mjs');
const name = process.argv[2] ?? 'W3b';
const epochs = Number(process.argv[3] ?? 200);
const w = await buildWorkload(name);
w.train(epochs); // warm-up: every buffer and the JIT's code made
for (const k of [1, 4, 16]) {
  w.train(k * epochs);
  globalThis.gc();
  const mb = (bytes) => (bytes / 2 ** 20).toFixed(2);
  console.log(`${name} after ${String(k * epochs).padStart(6)} more epochs: peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB, heap after GC ${mb(process.memoryUsage().heapUsed)} MB`);
}
