// Training time of one pipeline with and without `sia run --serve` (a client connected to the
// event stream, reading every snapshot), in interleaved runs; prints each run, the medians and
// their ratio. Usage: node bench/serve-overhead.mjs [pairs=5] [epochs=4000]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const MAIN = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
const pairs = Number(process.argv[2] ?? 5);
const epochs = Number(process.argv[3] ?? 4000);
const tmp = mkdtempSync(join(tmpdir(), 'sia-serve-bench-'));
const args = ['run', join(ROOT, 'pipelines', 'ae-letters.yaml'), '--quiet', '--no-cache',
  '--set', `stages.model.with.epochs=${epochs}`, '--set', 'stages.model.with.stopWithin=0', '--set', 'stages.model.with.optimizer.rate=0.00005'];

/** One run; with `served`, an event-stream client connects as soon as the address is printed. */
function run(out, served) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args, '--out', out, ...(served ? ['--serve', '0'] : [])], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let events = 0;
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      const m = /live at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (m && events === 0) {
        events = -1;
        get(`${m[1]}events`, (res) => res.setEncoding('utf8').on('data', (c) => (events += (c.match(/event: snapshot/g) ?? []).length)));
      }
    });
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(stderr));
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
      done({ seconds: metrics.model.trainingSeconds, events: Math.max(0, events + 1) });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const plain = [];
const served = [];
for (let i = 0; i < pairs; i++) {
  // Alternate which goes first, so a drift in the machine's load falls on both.
  for (const s of i % 2 === 0 ? [false, true] : [true, false]) {
    const r = await run(join(tmp, `${i}-${s ? 'served' : 'plain'}`), s);
    (s ? served : plain).push(r.seconds);
    console.log(`run ${i + 1} ${s ? 'served' : 'plain '}  training ${r.seconds.toFixed(3)} s${s ? `  (${r.events} snapshots received)` : ''}`);
  }
}
const a = median(plain);
const b = median(served);
console.log(`median training: plain ${a.toFixed(3)} s, --serve with a client ${b.toFixed(3)} s, ratio ${(b / a).toFixed(3)} (${epochs} epochs, ${pairs} pairs)`);
rmSync(tmp, { recursive: true, force: true });
