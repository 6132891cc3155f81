import { err, ok, type Result } from 'neverthrow';
import { parseDocument } from 'yaml';
import { siaError, type SiaError } from '../errors.js';
import { createRng } from '../rng/xoshiro.js';
import { locate, type Position } from './locate.js';
import { parseSetPath } from './overrides.js';
import type { PipelineSource } from './source.js';

/**
 * A pipeline's `sweep:` section: many runs of one pipeline, each with other values on some option
 * paths. The paths are those `--set` takes (`stages.model.with.optimizer`, `seed`); a trial is the
 * pipeline with one value of every axis applied as `--set path=<value>`, so a trial is exactly
 * what `sia run <file> --set ...` would run.
 *
 *   sweep:
 *     strategy: grid            # every combination (default), or random with trials: N
 *     axes:
 *       stages.model.with.optimizer: [{ type: gd, rate: 2 }, { type: adam, rate: 0.01 }]
 *       seed: [1, 2, 3]
 */
export interface SweepAxis {
  readonly path: string;
  readonly values: readonly unknown[];
  /** Where each value is written: a position in the file, or the `--axis` flag it came from. */
  readonly where: readonly ({ readonly line: number; readonly column: number } | { readonly flag: string })[];
}

export interface SweepSpec {
  readonly axes: readonly SweepAxis[];
  readonly strategy: 'grid' | 'random';
  /** With `random`: how many trials to draw. */
  readonly trials?: number;
  /** With `random`: the seed of the draw (default: the pipeline's seed). */
  readonly seed: number;
}

export interface SweepTrial {
  /** `t001`, `t002`, ... (zero-padded to the number of trials). */
  readonly id: string;
  /** Axis path -> value. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The index of the value taken on each axis, in axis order. */
  readonly picks: readonly number[];
  /** The `--set` expressions that make this trial, in axis order. */
  readonly sets: readonly string[];
}

/** At most this many trials in one sweep (validation checks every one). */
export const MAX_TRIALS = 10_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the `sweep:` section of `source` (its shape was checked by the pipeline schema) and the
 * `--axis path=<YAML list>` flags, which add an axis or replace one of the same path. Returns
 * undefined when there is neither.
 */
export function readSweep(source: PipelineSource, axisFlags: readonly string[] = [], pipelineSeed = 1): Result<SweepSpec | undefined, SiaError[]> {
  const data = source.document.toJS({ maxAliasCount: 10_000 }) as unknown;
  const section = isObj(data) && isObj(data.sweep) ? data.sweep : undefined;
  const errors: SiaError[] = [];
  const axes = new Map<string, SweepAxis>();
  if (section !== undefined && isObj(section.axes)) {
    for (const [path, values] of Object.entries(section.axes)) {
      if (!Array.isArray(values)) continue; // the schema reports it
      const where = values.map((_, i) => position(locate(source.document, source.lineCounter, ['sweep', 'axes', path, i], 'value')));
      const bad = checkPath(path);
      if (bad !== undefined) {
        const at = locate(source.document, source.lineCounter, ['sweep', 'axes', path], 'key');
        errors.push(siaError('sweep/invalid', bad, { file: source.file, ...(at ?? {}), path: `sweep.axes.${path}` }));
        continue;
      }
      axes.set(path, { path, values, where });
    }
  }
  for (const flag of axisFlags) {
    const label = `--axis ${flag}`;
    const eq = flag.indexOf('=');
    const path = eq < 0 ? '' : flag.slice(0, eq).trim();
    const bad = eq < 0 ? 'expected path=<YAML list>, e.g. --axis seed=[1,2,3]' : checkPath(path);
    if (bad !== undefined) {
      errors.push(siaError('cli/usage', `${label}: ${bad}`, { set: label }));
      continue;
    }
    const doc = parseDocument(flag.slice(eq + 1));
    const values = doc.errors.length === 0 ? (doc.toJS() as unknown) : undefined;
    if (!Array.isArray(values) || values.length === 0) {
      errors.push(siaError('cli/usage', `${label}: the values must be a non-empty YAML list, e.g. [1, 2, 3]`, { set: label }));
      continue;
    }
    axes.delete(path); // a flag replaces the file's axis (and goes last)
    axes.set(path, { path, values, where: values.map(() => ({ flag: label })) });
  }
  if (errors.length > 0) return err(errors);
  if (section === undefined && axes.size === 0) return ok(undefined);
  if (axes.size === 0) {
    const at = locate(source.document, source.lineCounter, ['sweep'], 'key');
    return err([siaError('sweep/invalid', 'the sweep has no axes: give sweep.axes a path with a list of values', { file: source.file, ...(at ?? {}), path: 'sweep' })]);
  }
  const strategy = section?.strategy === 'random' ? 'random' : 'grid';
  const trials = typeof section?.trials === 'number' ? section.trials : undefined;
  const seed = typeof section?.seed === 'number' ? section.seed : pipelineSeed;
  const spec: SweepSpec = { axes: [...axes.values()], strategy, ...(trials !== undefined ? { trials } : {}), seed };
  const size = gridSize(spec);
  const count = strategy === 'random' ? Math.min(trials ?? size, size) : size;
  if (count > MAX_TRIALS) {
    const at = locate(source.document, source.lineCounter, ['sweep'], 'key');
    return err([siaError('sweep/invalid', `the sweep has ${size.toLocaleString('en')} combinations; at most ${MAX_TRIALS.toLocaleString('en')} trials are run: use fewer values, or strategy: random with trials: N`, { file: source.file, ...(at ?? {}), path: 'sweep' })]);
  }
  return ok(spec);
}

function position(p: Position | undefined): { line: number; column: number } {
  return p ?? { line: 0, column: 0 };
}

/** Why `path` cannot be an axis, or undefined. */
function checkPath(path: string): string | undefined {
  const parts = parseSetPath(path);
  if (parts === undefined) return `'${path}' is not an option path (dotted keys as --set takes them, e.g. stages.model.with.epochs)`;
  if (parts[0] === 'sweep' || parts[0] === 'plugins' || parts[0] === 'name') return `'${path}' cannot be swept (${String(parts[0])} is not an option of a run)`;
  return undefined;
}

/** The number of combinations of the axes' values (grows fast: capped at the first value above 2^53). */
export function gridSize(spec: Pick<SweepSpec, 'axes'>): number {
  return spec.axes.reduce((n, a) => Math.min(n * a.values.length, Number.MAX_SAFE_INTEGER), 1);
}

/**
 * The trials of a sweep, in a fixed order. `grid`: every combination, the last axis changing
 * fastest. `random`: `trials` distinct combinations drawn from the stream (seed, 'sweep'), in
 * the order drawn; asking for as many or more than there are gives the whole grid.
 */
export function expandSweep(spec: SweepSpec): SweepTrial[] {
  const size = gridSize(spec);
  const lengths = spec.axes.map((a) => a.values.length);
  const decode = (k: number): number[] => {
    const picks = new Array<number>(lengths.length);
    for (let i = lengths.length - 1; i >= 0; i--) {
      picks[i] = k % lengths[i]!;
      k = Math.floor(k / lengths[i]!);
    }
    return picks;
  };
  let indexes: number[];
  if (spec.strategy === 'grid' || (spec.trials ?? size) >= size) {
    indexes = Array.from({ length: size }, (_, k) => k);
  } else {
    const rng = createRng(spec.seed, 'sweep');
    const seen = new Set<number>();
    indexes = [];
    while (indexes.length < spec.trials!) {
      const k = rng.int(size);
      if (seen.has(k)) continue;
      seen.add(k);
      indexes.push(k);
    }
  }
  const width = Math.max(3, String(indexes.length).length);
  return indexes.map((k, n) => {
    const picks = decode(k);
    const values: Obj = {};
    const sets: string[] = [];
    spec.axes.forEach((a, i) => {
      const v = a.values[picks[i]!];
      values[a.path] = v;
      sets.push(`${a.path}=${JSON.stringify(v)}`);
    });
    return { id: `t${String(n + 1).padStart(width, '0')}`, values, picks, sets };
  });
}

/**
 * Rewrites the errors of one trial's validation so that those caused by an axis value point at
 * that value (its line and column in the file, or its `--axis` flag) and name the axis.
 */
export function attributeTrialErrors(errors: readonly SiaError[], spec: SweepSpec, trial: SweepTrial, file: string): SiaError[] {
  return errors.map((e) => {
    const i = trial.sets.findIndex((s) => e.set === `--set ${s}`);
    if (i < 0) return e;
    const axis = spec.axes[i]!;
    const where = axis.where[trial.picks[i]!]!;
    const { set: _set, ...rest } = e;
    const value = trial.sets[i]!.slice(axis.path.length + 1);
    const message = `sweep axis ${axis.path}, value ${value} (trial ${trial.id}): ${e.message}`;
    return 'flag' in where ? { ...rest, message, set: where.flag } : { ...rest, message, file, line: where.line, column: where.column };
  });
}
