import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal option sets written in a different
 * order fingerprint the same. Non-finite numbers (not valid JSON) are spelt out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(String(value));
}

/** Everything a stage's result depends on. */
export interface FingerprintParts {
  readonly kind: string;
  readonly name: string;
  readonly version: string;
  /** Versions of the stage plugin and every component its options name (kind/name -> version). */
  readonly components?: Readonly<Record<string, string>>;
  /** Version of @sia/core (its numerics and training loop shape every result). */
  readonly engine?: string;
  readonly options: unknown;
  /** Input port -> the producing stage's fingerprint (so a change upstream changes this one). */
  readonly inputs: Readonly<Record<string, string>>;
  readonly seed: number;
  /** The stage id names its random stream, so it is part of the result too. */
  readonly stageId: string;
}

/** Bumped when the meaning of a fingerprint (or the cache layout) changes. */
const FINGERPRINT_FORMAT = 1;

/** sha256 (hex) of the canonical JSON of the parts. */
export function stageFingerprint(parts: FingerprintParts): string {
  return createHash('sha256')
    .update(canonicalJson({ format: FINGERPRINT_FORMAT, ...parts }))
    .digest('hex');
}
