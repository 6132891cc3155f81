import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileWhole } from '../io/write-file.js';
import type { ArtifactCodec, ComponentContext } from '../plugin/types.js';
import type { Artifact } from './artifacts.js';

/**
 * Layout of one entry, `<cacheDir>/<fingerprint>/`:
 *   meta.json   { format, stage, uses, metrics, files, hashes }   (written last: its presence marks a whole entry)
 *   artifact/   whatever the plugin's codec saves
 *   files/      copies of the files the stage wrote into the run folder, restored on a hit
 */
export interface CachedStage {
  readonly artifact: Artifact;
  readonly metrics?: Record<string, unknown>;
  readonly files: readonly string[];
}

interface Meta {
  format: 2;
  stage: string;
  uses: string;
  metrics?: Record<string, unknown>;
  files: string[];
  /** SHA-256 of every file of the entry, by its path inside the entry (`artifact/...`, `files/...`). */
  hashes: Record<string, string>;
}

const META_KEYS = new Set(['format', 'stage', 'uses', 'metrics', 'files', 'hashes']);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Every file below `dir`, as `/`-separated paths relative to `root` (anything but a regular file marked). */
function listFiles(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    const rel = relative(root, path).split(sep).join('/');
    if (e.isDirectory()) out.push(...listFiles(root, path));
    // A link or device never matches a recorded path (those have no NUL): the entry is a miss.
    else out.push(e.isFile() ? rel : `\0${rel}`);
  }
  return out.sort();
}

/** A relative path that stays inside its folder: no `..`, no absolute path, no empty part. */
function safeRelative(p: unknown): p is string {
  if (typeof p !== 'string' || p.length === 0 || p.length > 1024 || p.includes('\\') || p.includes('\0') || isAbsolute(p)) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** What a lookup found: a verified entry, a reason to ignore an entry, or no entry at all. */
export type CacheLookup = { readonly hit: CachedStage } | { readonly miss: string } | undefined;

/**
 * Loads an entry and restores its files into `outDir`, after checking it whole: `meta.json` has
 * only known fields, every file it names stays inside the entry and the run folder, and every file
 * of the entry has the SHA-256 recorded when it was saved (none missing, none extra). Anything
 * else is a miss with its reason (the stage runs again and the entry is rewritten), never an error
 * and never a wrong result. The restored files are the verified bytes.
 */
export function cacheLoad(cacheDir: string, fingerprint: string, codec: ArtifactCodec, outDir: string, ctx: ComponentContext): CacheLookup {
  const dir = join(cacheDir, fingerprint);
  const metaFile = join(dir, 'meta.json');
  if (!existsSync(metaFile)) return undefined;
  const miss = (why: string): CacheLookup => ({ miss: why });
  let meta: Meta;
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
  } catch {
    return miss('its meta.json is not valid JSON');
  }
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return miss('its meta.json is not an object');
  const unknown = Object.keys(meta).filter((k) => !META_KEYS.has(k));
  if (unknown.length > 0) return miss(`its meta.json has unknown fields (${unknown.join(', ')})`);
  if (meta.format !== 2) return miss(`it has format ${String(meta.format)}, not 2`);
  if (!Array.isArray(meta.files) || !meta.files.every(safeRelative)) return miss('a file it lists leaves the run folder or is not a plain relative path');
  const hashes = meta.hashes;
  if (hashes === null || typeof hashes !== 'object' || !Object.entries(hashes).every(([k, v]) => safeRelative(k) && typeof v === 'string' && /^[0-9a-f]{64}$/.test(v))) {
    return miss('its hashes are missing or malformed');
  }
  const present = [...listFiles(dir, join(dir, 'artifact')), ...listFiles(dir, join(dir, 'files'))];
  const recorded = Object.keys(hashes).sort();
  if (present.join('\n') !== recorded.join('\n')) return miss('its files are not the ones recorded (missing or extra)');
  for (const f of meta.files) if (!Object.hasOwn(hashes, `files/${f}`)) return miss(`the file ${f} it lists was not saved`);
  const bytes = new Map<string, Uint8Array>();
  for (const f of recorded) {
    const data = readFileSync(join(dir, ...f.split('/')));
    if (sha256(data) !== hashes[f]) return miss(`${f} does not match its recorded hash`);
    bytes.set(f, data);
  }
  let artifact: Artifact;
  try {
    artifact = codec.load(join(dir, 'artifact'), ctx);
  } catch (e) {
    return miss(`its artifact does not load (${e instanceof Error ? e.message : String(e)})`);
  }
  for (const f of meta.files) writeFileWhole(join(outDir, ...f.split('/')), bytes.get(`files/${f}`)!);
  return { hit: meta.metrics === undefined ? { artifact, files: meta.files } : { artifact, metrics: meta.metrics, files: meta.files } };
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
    const hashes: Record<string, string> = {};
    for (const f of listFiles(tmp)) hashes[f] = sha256(readFileSync(join(tmp, ...f.split('/'))));
    const meta: Meta = { format: 2, stage: stage.id, uses: stage.uses, files: [...result.files], hashes };
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
