import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunInfo } from '@sia/core';

/** Test helper: the `$run` record of a finished run, with the given fields changed. */
export function runInfo(fields: Partial<RunInfo> = {}): RunInfo {
  return {
    pipeline: 'ae-test',
    file: 'pipelines/ae-test.yaml',
    seed: 1,
    overrides: [],
    sia: '0.1.0',
    versions: { 'train/autoencoder': '0.3.0' },
    started: '2020-01-01T10:00:00.000Z',
    ended: '2020-01-01T10:00:05.000Z',
    status: 'done',
    ...fields,
  };
}

/**
 * Test helper: writes a run folder by hand: metrics.json (with `$run` unless `info` is null, an
 * older run) and a `<stage>/model.json` with the given loss history for each of `losses`.
 */
export function makeRun(
  dir: string,
  stages: Record<string, unknown>,
  options: { info?: RunInfo | null; losses?: Record<string, number[]> } = {},
): string {
  mkdirSync(dir, { recursive: true });
  const info = options.info === undefined ? runInfo() : options.info;
  writeFileSync(join(dir, 'metrics.json'), `${JSON.stringify(info === null ? stages : { $run: info, ...stages }, null, 2)}\n`);
  for (const [stage, loss] of Object.entries(options.losses ?? {})) {
    mkdirSync(join(dir, stage), { recursive: true });
    writeFileSync(join(dir, stage, 'model.json'), JSON.stringify({ format: 1, history: { loss } }));
  }
  return dir;
}
