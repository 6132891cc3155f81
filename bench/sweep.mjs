#!/usr/bin/env node
// `node bench/sweep.mjs`: how a sweep scales. Times one fixed sweep (the test sweep of
// packages/cli/test/fixtures/pipelines/sweep-letters.yaml made longer: 8 trials of online training)
// with 1 and 2 local worker threads, and with 2 `sia worker` processes on a BullMQ queue on a local
// Redis server, each from a fresh folder (no stage cache shared). Prints trials per minute and the
// speed-up over 1 worker; the README quotes it.
//
// Usage: node bench/sweep.mjs [--epochs N] [--rounds R]
//   --epochs N   epochs per trial (default 6000)
//   --rounds R   timed rounds of each set-up, median reported (default 3)
// Needs redis-server on the PATH for the queue rows (scripts/system-packages.mjs installs it).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureReady } from '../scripts/setup.mjs';

const MAIN = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
const FILE = join(ROOT, 'packages', 'cli', 'test', 'fixtures', 'pipelines', 'sweep-letters.yaml');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const EPOCHS = arg('--epochs', 6000);
const ROUNDS = arg('--rounds', 3);
const SWEEP = ['--axis', 'seed=[1, 2, 3, 4]', '--set', `stages.model.with.epochs=${EPOCHS}`, '--set', 'stages.model.with.updater={type: online}', '-q'];
const TRIALS = 8;

function sia(args, cwd) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`sia ${args[0]} exited ${code}: ${err}`))));
  });
}

async function timed(setup) {
  const dir = mkdtempSync(join(tmpdir(), 'sia-bench-sweep-'));
  try {
    const t0 = performance.now();
    await setup(dir);
    return (performance.now() - t0) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const freePort = () => new Promise((done) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => done(port));
  });
});

async function queueRound(dir) {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 200 && spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 25));
  const workers = [0, 1].map((i) => spawn(process.execPath, [MAIN, 'worker', '--queue', url, '--out', join(dir, `w${i}`)], { cwd: dir, stdio: 'ignore' }));
  try {
    await sia(['sweep', FILE, '--queue', url, '--out', join(dir, 'out'), ...SWEEP], dir);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    redis.kill('SIGTERM');
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (ensureReady({ quiet: true }) !== 0) process.exit(1);
const setups = [
  ['1 local worker', (dir) => sia(['sweep', FILE, '--workers', '1', '--out', join(dir, 'out'), ...SWEEP], dir)],
  ['2 local workers', (dir) => sia(['sweep', FILE, '--workers', '2', '--out', join(dir, 'out'), ...SWEEP], dir)],
];
if (spawnSync('sh', ['-c', 'command -v redis-server'], {}).status === 0) setups.push(['2 queue workers (BullMQ, local Redis)', queueRound]);
else console.error('bench: redis-server not found: no queue row (node scripts/system-packages.mjs installs it)');

const times = new Map(setups.map(([name]) => [name, []]));
// Rounds interleave the set-ups, so that a slow moment of the machine hits each alike.
for (let r = 0; r < ROUNDS; r++) for (const [name, run] of setups) times.get(name).push(await timed(run));
const base = median(times.get('1 local worker'));
console.log(`sweep: ${TRIALS} trials of sweep-letters (online, ${EPOCHS} epochs each), median of ${ROUNDS} rounds, this machine`);
console.log('| set-up | seconds | trials/min | speed-up |');
console.log('|---|---|---|---|');
for (const [name] of setups) {
  const s = median(times.get(name));
  console.log(`| ${name} | ${s.toFixed(1)} | ${((TRIALS / s) * 60).toFixed(1)} | ${(base / s).toFixed(2)}x |`);
}
