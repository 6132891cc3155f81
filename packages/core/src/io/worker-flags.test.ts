import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './worker-flags.js';

describe('workerExecArgv', () => {
  it('drops every --conditions / -C flag, in both spellings, and keeps the rest in order', () => {
    expect(workerExecArgv(['--require', 'x.cjs', '--conditions', 'source', '-C', 'node', '--conditions=development', '-C=dev', '--max-old-space-size=4096'])).toEqual([
      '--require',
      'x.cjs',
      '--max-old-space-size=4096',
    ]);
    expect(workerExecArgv([])).toEqual([]);
  });
});
