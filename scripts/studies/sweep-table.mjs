#!/usr/bin/env node
// Summarises a study-letters sweep (pipelines/study-letters.yaml) as the README's table: one row
// per configuration (architecture, optimizer, updater), one column per subset size; each cell
// "k/n" = seeds whose every glyph is within one wrong pixel, and the median epochs of those seeds.
//
// Usage: node scripts/studies/sweep-table.mjs <sweep folder>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/studies/sweep-table.mjs <sweep folder>');
  process.exit(2);
}
const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
const label = (v) => (Array.isArray(v) ? `35-${v.join('-')}-2` : typeof v === 'object' ? Object.entries(v).map(([k, x]) => (k === 'type' ? x : `${k} ${x}`)).join(' ') : String(v));
const A = 'stages.model.with.encoder', O = 'stages.model.with.optimizer', U = 'stages.model.with.updater', N = 'stages.glyphs.with.count';
const sizes = [...new Set(sweep.trials.map((t) => t.values[N]))].sort((a, b) => a - b);
const groups = new Map();
for (const t of sweep.trials) {
  const key = [label(t.values[A]), label(t.values[O]), label(t.values[U])].join(' | ');
  if (!groups.has(key)) groups.set(key, new Map());
  const bySize = groups.get(key);
  if (!bySize.has(t.values[N])) bySize.set(t.values[N], []);
  bySize.get(t.values[N]).push(t);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
console.log(`| architecture | optimizer | updater | ${sizes.map((n) => `${n} glyphs`).join(' | ')} |`);
console.log(`|---|---|---|${sizes.map(() => '---').join('|')}|`);
for (const [key, bySize] of groups) {
  const cells = sizes.map((n) => {
    const ts = bySize.get(n) ?? [];
    const ok = ts.filter((t) => t.status === 'done' && t.metrics['fidelity.maxWrongPixels'] <= 1);
    const failed = ts.filter((t) => t.status !== 'done').length;
    const epochs = ok.length > 0 ? `, ${median(ok.map((t) => t.metrics['model.epochs']))} ep` : '';
    return `${ok.length}/${ts.length}${epochs}${failed > 0 ? ` (${failed} diverged)` : ''}`;
  });
  console.log(`| ${key} | ${cells.join(' | ')} |`);
}
