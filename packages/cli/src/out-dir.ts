import { mkdirSync } from 'node:fs';
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
