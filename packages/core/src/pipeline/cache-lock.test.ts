import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFingerprint } from './cache-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'sia-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lock on a cache fingerprint', () => {
  it('keeps a second taker waiting until the first releases, and says it waited', async () => {
    const first = (await lockFingerprint(dir, 'abc'))!;
    expect(first.waited).toBe(false);
    let second: { waited: boolean; lock: { release(): void } } | undefined;
    const pending = lockFingerprint(dir, 'abc').then((l) => (second = l));
    await new Promise((r) => setTimeout(r, 300));
    expect(second).toBeUndefined(); // still waiting
    first.lock.release();
    await pending;
    expect(second!.waited).toBe(true);
    second!.lock.release();
  });

  it('takes over a lock nobody has touched for a minute (its run was killed); gives up when aborted', async () => {
    const stale = join(dir, 'old.lock');
    writeFileSync(stale, '1:0\n');
    const long = new Date(Date.now() - 120_000);
    utimesSync(stale, long, long);
    const taken = (await lockFingerprint(dir, 'old'))!;
    expect(taken).toBeDefined();
    const controller = new AbortController();
    const waiting = lockFingerprint(dir, 'old', controller.signal);
    controller.abort();
    expect(await waiting).toBeUndefined();
    taken.lock.release();
  });
});
