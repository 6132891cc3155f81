import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `20260127-153005`: local time, sortable, safe in file names. */
export function runTimestamp(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

/** A pipeline name as one safe folder name (`vae emoji/2` -> `vae-emoji-2`). */
export function folderName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return safe.length > 0 ? safe : 'pipeline';
}

/**
 * Claims a fresh run folder `<root>/<pipeline name>/<timestamp>` and returns its absolute path.
 * The leaf is created without `recursive`, so two runs started in the same second (or a rerun
 * within it) never share a folder: the later one gets `-2`, `-3`, ... An earlier run is never
 * overwritten.
 */
export function claimRunDir(name: string, now: Date = new Date(), root: string = resolve('runs')): string {
  const parent = join(root, folderName(name));
  mkdirSync(parent, { recursive: true });
  const stamp = runTimestamp(now);
  for (let n = 1; ; n++) {
    const dir = join(parent, n === 1 ? stamp : `${stamp}-${n}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** The lock a run keeps in its folder while it writes there (holds the process id). */
export const LOCK_FILE = '.sia-lock';

/** A run folder held by this process until `release`. */
export interface ClaimedFolder {
  readonly dir: string;
  /** What `--force` removed (entry names), for the message. */
  readonly removed: readonly string[];
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates the lock file exclusively (`wx`), which keeps a second run out while this one writes;
 * a lock whose process has gone (killed) is taken over. Returns the release, or why not.
 */
function lockFolder(path: string, dir: string): (() => void) | string {
  const lock = join(path, LOCK_FILE);
  const take = (): boolean => {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return false;
    }
  };
  if (!take()) {
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) return `another sia run (process ${pid}) is writing into ${dir}`;
    rmSync(lock, { force: true }); // left by a run that was killed
    if (!take()) return `another sia run is writing into ${dir}`;
  }
  return () => rmSync(lock, { force: true });
}

/** Takes an earlier run's folder to continue the run in it (`--resume`): only the lock, nothing removed. */
export function claimRunFolder(dir: string): ClaimedFolder | string {
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) return `--resume ${dir}: no such folder`;
  const release = lockFolder(path, dir);
  if (typeof release === 'string') return release;
  return { dir: path, removed: [], release };
}

/**
 * Takes `dir` (from `--out`) for one run. It must be missing or empty; with `force`, an earlier
 * run's folder (one holding `pipeline.resolved.yaml`) is emptied first, and nothing else is ever
 * removed. A lock file created exclusively (`wx`) keeps a second run out while this one writes;
 * a lock whose process has gone (killed) is taken over. Returns the reason as a sentence when the
 * folder cannot be taken; nothing is changed then.
 */
export function claimOutDir(dir: string, force = false): ClaimedFolder | string {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
  } catch (e) {
    return `cannot create the output folder ${dir}: ${(e as Error).message}`;
  }
  if (!statSync(path).isDirectory()) return `--out ${dir} is a file, not a folder`;
  const release = lockFolder(path, dir);
  if (typeof release === 'string') return release;
  const entries = readdirSync(path).filter((f) => f !== LOCK_FILE).sort();
  if (entries.length === 0) return { dir: path, removed: [], release };
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, ... (${entries.length} in all)` : '');
  if (!force) {
    release();
    return `--out ${dir} is not empty (${shown}); choose another folder, or add --force to replace the earlier run in it`;
  }
  if (!entries.includes('pipeline.resolved.yaml')) {
    release();
    return `--out ${dir} is not empty and holds no sia run (${shown}); --force only replaces an earlier run's folder`;
  }
  for (const f of entries) rmSync(join(path, f), { recursive: true, force: true });
  return { dir: path, removed: entries, release };
}
