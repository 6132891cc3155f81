import { resolve, sep } from 'node:path';

/**
 * Short names for distinct folders, for column heads and legends: the fewest trailing path
 * segments (the same number for all) that tell them apart, so `/tmp/x/a` and `/tmp/x/b` are
 * `a` and `b`, and `runs/ae/20261202-101500` and `runs/vae/20261202-101500` keep their parent.
 */
export function shortLabels(dirs: readonly string[]): string[] {
  const parts = dirs.map((d) => resolve(d).split(sep).filter((p) => p.length > 0));
  const longest = Math.max(1, ...parts.map((p) => p.length));
  for (let n = 1; n <= longest; n++) {
    const labels = parts.map((p) => p.slice(-n).join('/'));
    if (new Set(labels).size === labels.length) return labels;
  }
  return dirs.map((d) => resolve(d));
}
