#!/usr/bin/env node
// `npm run study:letters`: runs the letters pipelines for seeds 1..10 through the real `sia run`
// and prints, per seed, the epochs, training seconds, max wrong pixels and glyphs within 1 px,
// with medians. Options: --seeds N (default 10), --pipelines a.yaml,b.yaml, --out DIR.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureReady } from '../setup.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const seeds = Number(opt('seeds', '10'));
const pipelines = opt('pipelines', 'pipelines/ae-letters.yaml,pipelines/ae-letters-baseline.yaml').split(',');
const outRoot = opt('out', join(ROOT, 'runs', 'study-letters'));
const trainStage = opt('stage', 'model');
const evalStage = opt('eval', 'fidelity');

if (ensureReady({ quiet: true }) !== 0) process.exit(1);
const cli = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (const pipeline of pipelines) {
  console.log(`\n${pipeline}  (seeds 1..${seeds}; training seconds as measured by the trainer)\n`);
  console.log('| seed | epochs | training s | max wrong px | glyphs within 1 px |');
  console.log('|-----:|-------:|-----------:|-------------:|-------------------:|');
  const rows = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const out = join(outRoot, pipeline.replace(/^.*\//, '').replace(/\.ya?ml$/, ''), `seed-${seed}`);
    rmSync(out, { recursive: true, force: true });
    execFileSync(process.execPath, [cli, 'run', pipeline, '--seed', String(seed), '--out', out, '--quiet', '--no-cache'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const train = metrics[trainStage];
    const fid = metrics[evalStage];
    const row = { seed, epochs: train.epochs, seconds: train.trainingSeconds, max: fid.maxWrongPixels, within: fid.itemsWithin, items: fid.items };
    rows.push(row);
    console.log(`| ${seed} | ${row.epochs} | ${row.seconds.toFixed(3)} | ${row.max} | ${row.within} / ${row.items} |`);
  }
  const ok = rows.filter((r) => r.max <= 1).length;
  console.log(
    `| median | ${median(rows.map((r) => r.epochs))} | ${median(rows.map((r) => r.seconds)).toFixed(3)} | ${median(rows.map((r) => r.max))} | ${median(rows.map((r) => r.within))} |`,
  );
  console.log(`\n${ok} of ${rows.length} seeds end with every glyph within 1 wrong pixel.`);
}
