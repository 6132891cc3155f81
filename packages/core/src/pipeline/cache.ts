import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArtifactCodec, ComponentContext } from '../plugin/types.js';
import type { Artifact } from './artifacts.js';

/**
 * Layout of one entry, `<cacheDir>/<fingerprint>/`:
 *   meta.json   { format, stage, uses, metrics, files }   (written last: its presence marks a whole entry)
 *   artifact/   whatever the plugin's codec saves
 *   files/      copies of the files the stage wrote into the run folder, restored on a hit
 */
export interface CachedStage {
  readonly artifact: Artifact;
  readonly metrics?: Record<string, unknown>;
  readonly files: readonly string[];
}

interface Meta {
  format: 1;
  stage: string;
  uses: string;
  metrics?: Record<string, unknown>;
  files: string[];
}

/**
 * Loads an entry and restores its files into `outDir`. A missing or unreadable entry is a miss
 * (undefined), never an error: the stage simply runs again and the entry is rewritten.
 */
export function cacheLoad(cacheDir: string, fingerprint: string, codec: ArtifactCodec, outDir: string, ctx: ComponentContext): CachedStage | undefined {
  const dir = join(cacheDir, fingerprint);
  const metaFile = join(dir, 'meta.json');
  if (!existsSync(metaFile)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
    if (meta.format !== 1 || !Array.isArray(meta.files)) return undefined;
    const artifact = codec.load(join(dir, 'artifact'), ctx);
    for (const f of meta.files) {
      const target = join(outDir, f);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(dir, 'files', f), target);
    }
    return meta.metrics === undefined ? { artifact, files: meta.files } : { artifact, metrics: meta.metrics, files: meta.files };
  } catch {
    return undefined;
  }
}

/**
 * Saves an entry atomically: everything goes into a temporary folder beside the entry, which is
 * then renamed into place, so a crash or a concurrent run never leaves a half-written entry
 * under a fingerprint. An existing entry (a forced rerun) is replaced.
 */
export function cacheSave(
  cacheDir: string,
  fingerprint: string,
  codec: ArtifactCodec,
  stage: { id: string; uses: string },
  result: CachedStage,
  outDir: string,
): void {
  mkdirSync(cacheDir, { recursive: true });
  const tmp = join(cacheDir, `.tmp-${fingerprint.slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(join(tmp, 'artifact'), { recursive: true });
    codec.save(result.artifact, join(tmp, 'artifact'));
    for (const f of result.files) {
      const target = join(tmp, 'files', f);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(outDir, f), target);
    }
    const meta: Meta = { format: 1, stage: stage.id, uses: stage.uses, files: [...result.files] };
    if (result.metrics !== undefined) meta.metrics = result.metrics;
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta, null, 2));
    const final = join(cacheDir, fingerprint);
    // Replace an existing entry (a forced rerun) by moving it aside first: a reader then sees the
    // old entry whole, a miss, or the new entry whole, never a folder being deleted.
    const old = `${tmp}-old`;
    let moved = false;
    try {
      renameSync(final, old);
      moved = true;
    } catch {
      // no entry yet
    }
    renameSync(tmp, final);
    if (moved) rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
