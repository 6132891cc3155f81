import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';

/**
 * A disk cache of the compiled pipeline validator. Compiling the assembled schema of ~35
 * plugins is ~130 ms of every `sia validate` / `sia run` start-up, the same work each time; the
 * cache keeps ajv's standalone code for it, keyed by a hash of the schema and ajv's version, and
 * loading that code takes ~10 ms. A schema seen before also passed strict mode before, so a hit
 * skips nothing that could fail.
 *
 * The cache runs only code sia wrote itself: a file is loaded when its folder and the file belong
 * to the user and no one else can write them, and when its SHA-256 equals the one recorded, at
 * save time, in a manifest kept outside the cache folder (`~/.config/sia/validator-hashes.json`,
 * private to the user). A file planted in the folder, or a folder someone else can write, means
 * compiling as usual.
 *
 * Best effort: any problem reading or writing the cache means compiling as usual. A validator
 * that uses the always-failing keyword (a slot whose kind has no plugins) is not cached: that
 * keyword is a function, which has no standalone code. Files live in `$SIA_SCHEMA_CACHE`, else `~/.cache/sia/validators`
 * (made private to the user); `SIA_SCHEMA_CACHE=0` turns the cache off. At most 16 are kept.
 */

const require = createRequire(import.meta.url);
const KEEP = 16;

/** The cache folder, or undefined when the cache is off. */
export function validatorCacheDir(): string | undefined {
  const env = process.env.SIA_SCHEMA_CACHE;
  if (env === '0') return undefined;
  return env !== undefined && env !== '' ? env : join(homedir(), '.cache', 'sia', 'validators');
}

function ajvVersion(): string {
  try {
    return (require('ajv/package.json') as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

/** The cache key of a schema (with the options that shape the generated code). */
export function validatorKey(schema: unknown, options: string): string {
  return createHash('sha256').update(`ajv ${ajvVersion()}\n${options}\n${JSON.stringify(schema)}`).digest('hex').slice(0, 32);
}

/** Where the hashes of the validators sia wrote are kept: outside every cache folder. */
export function validatorManifest(): string {
  return join(homedir(), '.config', 'sia', 'validator-hashes.json');
}

function readManifest(): Record<string, string> {
  try {
    const m = JSON.parse(readFileSync(validatorManifest(), 'utf8')) as unknown;
    return m !== null && typeof m === 'object' && !Array.isArray(m) ? Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'string')) : {};
  } catch {
    return {};
  }
}

/** The user's own, and writable by no one else (group and others have no write bit). */
function private_(path: string): boolean {
  const st = statSync(path);
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The cached validator for `key`, or undefined. */
export function loadValidator(dir: string, key: string): ValidateFunction | undefined {
  let code: string;
  try {
    const file = join(dir, `${key}.cjs`);
    if (!private_(dir) || !private_(file)) return undefined;
    const expected = readManifest()[key];
    code = readFileSync(file, 'utf8');
    if (expected === undefined || sha256(code) !== expected) return undefined;
  } catch {
    return undefined;
  }
  try {
    const module = { exports: {} as unknown };
    // The standalone code is a CommonJS module that requires ajv's runtime helpers.
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    const validate = module.exports as ValidateFunction;
    return typeof validate === 'function' ? validate : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the standalone code of `validate` (compiled by `ajv` with `code.source`) under `key`. */
export function saveValidator(dir: string, key: string, ajv: Ajv, validate: ValidateFunction): void {
  try {
    const standalone = require('ajv/dist/standalone') as { default: (ajv: Ajv, v: ValidateFunction) => string };
    const code = standalone.default(ajv, validate);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!private_(dir)) return; // a folder others can write is never used
    const tmp = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, code, { mode: 0o600 });
    renameSync(tmp, join(dir, `${key}.cjs`)); // atomic: a reader never sees half a file
    const manifest = validatorManifest();
    mkdirSync(dirname(manifest), { recursive: true, mode: 0o700 });
    const hashes = { ...readManifest(), [key]: sha256(code) };
    const next = `${manifest}.${process.pid}.tmp`;
    writeFileSync(next, `${JSON.stringify(hashes, null, 2)}\n`, { mode: 0o600 });
    renameSync(next, manifest);
    prune(dir);
  } catch {
    // No cache this time.
  }
}

/** Keeps the KEEP most recently written validators. */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cjs'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(KEEP)) unlinkSync(join(dir, f));
}
