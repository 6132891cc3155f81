import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayPath, formatRunSummary, formatStageMetrics } from './summary.js';

const cwd = mkdtempSync(join(tmpdir(), 'sia-summary-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('run summary', () => {
  it('shows scalars first, sizes of lists and maps, and caps the entries', () => {
    expect(formatStageMetrics({ wrongPixels: { a: 0, b: 1 }, maxWrongPixels: 1, loss: 0.001234567, seeds: [1, 2] }))
      .toBe('maxWrongPixels=1  loss=0.001235  wrongPixels={2 entries}  seeds=[1, 2]');
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, i]));
    expect(formatStageMetrics(many, 3)).toBe('m0=0  m1=1  m2=2  +7 more');
  });

  it('names the folder, index.html and metrics.json (when written) and each stage\'s metrics', () => {
    const outDir = join(cwd, 'runs', 'ae', '20260101-000000');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'metrics.json'), '{}');
    const lines = formatRunSummary('ae', {
      outDir,
      ms: 3210,
      metrics: { fidelity: { maxWrongPixels: 1 } },
      stages: [
        { id: 'font', cached: true, ms: 2, files: [] },
        { id: 'fidelity', cached: false, ms: 5, files: [] },
      ],
    }, cwd);
    expect(lines).toEqual([
      'ae: done in 3.21 s (1 of 2 stages from the cache)',
      `  outputs  ${join('runs', 'ae', '20260101-000000')}`,
      `  metrics  ${join('runs', 'ae', '20260101-000000', 'metrics.json')}`,
      'metrics:',
      '  fidelity  maxWrongPixels=1',
    ]);
  });

  it('shows paths outside the cwd in full', () => {
    expect(displayPath('/elsewhere/x', cwd)).toBe('/elsewhere/x');
    expect(displayPath(join(cwd, 'a'), cwd)).toBe('a');
  });
});
