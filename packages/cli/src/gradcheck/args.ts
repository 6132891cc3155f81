import { err, ok, type Result } from 'neverthrow';
import { parse as parseYaml } from 'yaml';
import { closest } from '@sia/core';

/**
 * Reading `sia gradcheck`'s command line: the `<kind>/<name>` argument, `--with` (YAML),
 * `--input` (a shape) and the numbers. Each reader returns the value or one sentence.
 */

/** The kinds `sia gradcheck` can check: the component kinds with a backward. */
export const GRADCHECK_KINDS = ['activation', 'loss', 'layer'] as const;
export type GradcheckKind = (typeof GRADCHECK_KINDS)[number];

export function isGradcheckKind(kind: string): kind is GradcheckKind {
  return (GRADCHECK_KINDS as readonly string[]).includes(kind);
}

/** `activation/tanh`, `layer/acme:noise` -> kind and name (split at the first `/`). */
export function parseTarget(text: string): Result<{ kind: string; name: string }, string> {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    return err(`expected <kind>/<name>, e.g. activation/tanh, loss/mse or layer/dense, got '${text}'`);
  }
  return ok({ kind: text.slice(0, slash), name: text.slice(slash + 1) });
}

/** Why a kind cannot be checked, naming the kinds that can (and the closest one to a typo). */
export function unsupportedKind(kind: string): string {
  const guess = closest(kind, GRADCHECK_KINDS);
  const mean = guess !== undefined && guess !== kind ? `; did you mean ${guess}?` : '';
  return `only activation, loss and layer plugins can be checked, not '${kind}'${mean}`;
}

/**
 * `--with '{units: 4, activation: {type: tanh}}'`: a YAML mapping of options (the braces may be
 * left out: `--with 'beta: 2'`). Absent or empty gives no options.
 */
export function parseWithOptions(text: string | undefined): Result<Record<string, unknown>, string> {
  if (text === undefined || text.trim() === '') return ok({});
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/:\s*$/, '');
    return err(`--with is not valid YAML: ${message}`);
  }
  if (value === null || value === undefined) return ok({});
  if (typeof value !== 'object' || Array.isArray(value)) {
    return err(`--with takes a mapping of options, e.g. --with '{beta: 2}', got ${JSON.stringify(value)}`);
  }
  const options = value as Record<string, unknown>;
  if ('type' in options) return err('--with gives the options only; the plugin is the <kind>/<name> argument (drop type)');
  return ok(options);
}

/** `6` -> [6]; `5,7,1` (or `5x7x1`) -> [5, 7, 1]: one to three positive whole numbers. */
export function parseShape(text: string): Result<number[], string> {
  const parts = text.trim().split(/\s*[,x]\s*/);
  const dims = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  if (parts.length > 3 || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    return err(`--input expects an item shape of one to three positive whole numbers, e.g. --input 6 or --input 6,6,1, got '${text}'`);
  }
  const size = dims.reduce((a, d) => a * d, 1);
  if (size > MAX_INPUT_SIZE) return err(`--input ${text} has ${size} values per item; gradcheck takes at most ${MAX_INPUT_SIZE}`);
  return ok(dims);
}

/** Finite differences cost two forwards per entry: keep an item small. */
export const MAX_INPUT_SIZE = 100_000;

/** A whole number in [min, max], for `flag`. */
export function parseCount(text: string, flag: string, min: number, max: number): Result<number, string> {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) return err(`${flag} expects a whole number from ${min} to ${max}, got '${text}'`);
  return ok(n);
}

/** `--tolerance 1e-6`: a number in (0, 1]. */
export function parseTolerance(text: string): Result<number, string> {
  const t = text.trim() === '' ? Number.NaN : Number(text);
  if (!(t > 0 && t <= 1)) return err(`--tolerance expects a relative error in (0, 1], e.g. 1e-6, got '${text}'`);
  return ok(t);
}
