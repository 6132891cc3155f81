import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** A lock untouched for this long belongs to a run that died: it is taken over. */
const STALE_MS = 60_000;
/** The holder touches its lock this often. */
const HEARTBEAT_MS = 5_000;
const WAIT_MS = 100;

/** A held lock on one cache fingerprint; `release` removes it. */
export interface CacheLock {
  release(): void;
}

/**
 * Takes `<cacheDir>/<fingerprint>.lock`, so that runs sharing a cache (a sweep's trials, in
 * threads or processes) compute a stage of the same fingerprint once: the first takes the lock
 * and runs the stage, the others wait here and then find its cache entry. The lock is created
 * exclusively and touched every 5 s while held; one untouched for a minute (its run was killed)
 * is taken over. Resolves to undefined when `signal` aborts while waiting. `waited` says whether
 * another run held it (the caller then looks in the cache again).
 */
export async function lockFingerprint(cacheDir: string, fingerprint: string, signal?: AbortSignal): Promise<{ lock: CacheLock; waited: boolean } | undefined> {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `${fingerprint}.lock`);
  let waited = false;
  for (;;) {
    if (signal?.aborted === true) return undefined;
    try {
      writeFileSync(path, `${process.pid}:${threadId}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) {
        rmSync(path, { force: true });
        continue;
      }
    } catch {
      continue; // released between the two calls
    }
    waited = true;
    await new Promise((r) => setTimeout(r, WAIT_MS));
  }
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // removed by a taker after a very long stall: nothing to keep alive
    }
  }, HEARTBEAT_MS);
  beat.unref();
  return {
    waited,
    lock: {
      release(): void {
        clearInterval(beat);
        rmSync(path, { force: true });
      },
    },
  };
}
