import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimRunDir, folderName, runTimestamp } from './out-dir.js';

const root = mkdtempSync(join(tmpdir(), 'sia-runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('run folders', () => {
  // 2026-01-27 15:30:05 local time (month is 0-based in Date).
  const at = new Date(2026, 0, 27, 15, 30, 5);

  it('stamps local time as YYYYMMDD-HHMMSS', () => {
    expect(runTimestamp(at)).toBe('20260127-153005');
  });

  it('makes a pipeline name safe as one folder', () => {
    expect(folderName('vae emoji/2')).toBe('vae-emoji-2');
    expect(folderName('../..')).toBe('pipeline');
    expect(folderName('ae-letters')).toBe('ae-letters');
  });

  it('never hands out the same folder twice, even within one second', () => {
    const first = claimRunDir('ae-letters', at, root);
    const second = claimRunDir('ae-letters', at, root);
    const third = claimRunDir('ae-letters', at, root);
    expect(first).toBe(join(root, 'ae-letters', '20260127-153005'));
    expect(second).toBe(join(root, 'ae-letters', '20260127-153005-2'));
    expect(third).toBe(join(root, 'ae-letters', '20260127-153005-3'));
    expect([first, second, third].every((d) => existsSync(d))).toBe(true);
  });
});
