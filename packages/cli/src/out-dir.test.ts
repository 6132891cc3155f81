import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, claimOutDir, claimRunDir, folderName, runTimestamp } from './out-dir.js';

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

describe('claimOutDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'sia-claim-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('takes a missing or empty folder and holds a lock in it until released', () => {
    const c = claimOutDir(join(root, 'fresh'));
    if (typeof c === 'string') throw new Error(c);
    expect(readFileSync(join(c.dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    c.release();
    expect(readdirSync(c.dir)).toEqual([]);
  });

  it('refuses a non-empty folder, saying what is in it, and changes nothing', () => {
    const dir = join(root, 'used');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(claimOutDir(dir)).toMatch(/--out .*used is not empty \(notes\.txt\); choose another folder, or add --force/);
    expect(claimOutDir(dir, true)).toMatch(/holds no sia run \(notes\.txt\); --force only replaces an earlier run's folder/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('with force, empties an earlier run folder and says what it removed', () => {
    const dir = join(root, 'run');
    mkdirSync(join(dir, 'model'), { recursive: true });
    writeFileSync(join(dir, 'pipeline.resolved.yaml'), 'name: x\n');
    writeFileSync(join(dir, 'model', 'model.json'), '{}');
    const c = claimOutDir(dir, true);
    if (typeof c === 'string') throw new Error(c);
    expect(c.removed).toEqual(['model', 'pipeline.resolved.yaml']);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    c.release();
  });

  it('keeps a second run out while the first holds the folder; a dead run\'s lock is taken over', () => {
    const dir = join(root, 'busy');
    mkdirSync(dir);
    // A live process other than this one (the parent) holds the lock.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    expect(claimOutDir(dir)).toBe(`another sia run (process ${process.ppid}) is writing into ${dir}`);
    // A lock left by a killed run (no such process) is stale.
    writeFileSync(join(dir, LOCK_FILE), '999999999\n');
    const c = claimOutDir(dir);
    expect(typeof c).toBe('object');
    if (typeof c !== 'string') c.release();
  });
});
