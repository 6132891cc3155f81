import { isStreamState, restoreStreams, saveStreams, type Checkpoint, type FitState, type Model, type Optimizer, type Rng, type SafetensorsData, type StreamState } from '@sia/core';
import type { BestWeights } from './best-weights.js';

/**
 * Everything the trainer carries from one batch to the next, as one record: what a checkpoint
 * saves, and what a resumed run overwrites before it trains on.
 */
export interface TrainerState {
  readonly model: Model;
  readonly optimizer: Optimizer;
  /** The trainer's streams by name (`weights`, `sampling`, `training`), each with its forks. */
  readonly streams: Readonly<Record<string, Rng>>;
  readonly fit: FitState;
  /** Names of the objective's terms (reconstruction and the penalties), when there are penalties. */
  readonly terms: readonly string[];
  /** Per-epoch mean of each term. */
  readonly curves: readonly Float64Array[];
  /** Item-weighted sums of each term over the batches of the epoch in progress. */
  readonly sums: Float64Array;
  readonly best: BestWeights;
  /** Max wrong pixels at the last count (NaN before the first), and training seconds before this run. */
  readonly counters: { lastMax: number; seconds: number };
  /** The learning rate of each finished epoch, when a schedule changes it. */
  readonly rates?: Float64Array | undefined;
  /** Max wrong pixels of each finished epoch (NaN where not counted), when they are counted. */
  readonly wrongs?: Float64Array | undefined;
}

/** Checkpoint arrays of the per-epoch records (not `curve/...`: a penalty may have any name). */
const RATES = 'epoch/learningRate';
const WRONGS = 'epoch/maxWrongPixels';

/** Whether this trainer state can be checkpointed: the optimizer must save and load its state. */
export function canCheckpoint(optimizer: Optimizer): boolean {
  return typeof optimizer.saveState === 'function' && typeof optimizer.loadState === 'function';
}

const tensors = (s: TrainerState) => [...s.model.params.map((p) => ({ name: p.name, value: p.value })), ...s.model.state];

/** The JSON half of a trainer checkpoint. */
interface TrainerMeta {
  readonly trainer: 1;
  readonly epoch: number;
  readonly batch: number;
  readonly total: number;
  readonly terms: string[];
  readonly lastMax: number | null;
  readonly seconds: number;
  readonly streams: Record<string, StreamState>;
  readonly optimizer: Record<string, number>;
  readonly best: { readonly score: number[]; readonly epoch: number } | null;
}

/** The trainer's state at a pause, copied out (the loop may go on). `seconds`: training time so far. */
export function captureTrainer(s: TrainerState, seconds: number): Checkpoint {
  const done = s.fit.epoch - 1;
  const arrays: Record<string, SafetensorsData> = {};
  for (const t of tensors(s)) arrays[`model/${t.name}`] = t.value.slice();
  const opt = s.optimizer.saveState!(s.model.params);
  for (const [k, v] of Object.entries(opt.arrays)) arrays[`optimizer/${k}`] = v.slice();
  arrays['fit/order'] = s.fit.order.slice();
  if (s.fit.noisy) arrays['fit/noisy'] = s.fit.noisy.data.slice();
  arrays['fit/history'] = s.fit.history.slice(0, done);
  s.terms.forEach((t, i) => (arrays[`curve/${t}`] = s.curves[i]!.slice(0, done)));
  arrays['terms/sums'] = s.sums.slice();
  if (s.rates !== undefined) arrays[RATES] = s.rates.slice(0, done);
  if (s.wrongs !== undefined) arrays[WRONGS] = s.wrongs.slice(0, done);
  const best = s.best.best;
  if (best !== undefined) tensors(s).forEach((t, i) => (arrays[`best/${t.name}`] = s.best.copies[i]!.slice()));
  const streams = Object.fromEntries(Object.entries(s.streams).map(([k, r]) => [k, saveStreams(r)]));
  const meta: TrainerMeta = {
    trainer: 1,
    epoch: s.fit.epoch,
    batch: s.fit.batch,
    total: s.fit.total,
    terms: [...s.terms],
    lastMax: Number.isNaN(s.counters.lastMax) ? null : s.counters.lastMax,
    seconds,
    streams,
    optimizer: { ...opt.numbers },
    best: best === undefined ? null : { score: [...best], epoch: s.best.epoch },
  };
  return { meta: meta as unknown as Record<string, unknown>, arrays };
}

type Meta = TrainerMeta;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why checkpoint `c` cannot continue this trainer, or undefined: every field and array is
 * checked (types, lengths, the order a permutation) before anything is changed.
 */
function mismatch(s: TrainerState, c: Checkpoint, epochs: number): string | undefined {
  const m = c.meta as Partial<Meta>;
  if (m.trainer !== 1) return 'it was not written by this trainer';
  const n = s.fit.order.length;
  if (!Number.isInteger(m.epoch) || m.epoch! < 1 || m.epoch! > epochs) return `its epoch ${String(m.epoch)} is not one of 1 to ${epochs}`;
  if (!Number.isInteger(m.batch) || m.batch! < 0 || m.batch! > n) return `its batch ${String(m.batch)} is out of range`;
  if (!finite(m.total) || !finite(m.seconds)) return 'its loss sum or time is not a number';
  if (m.lastMax !== null && !finite(m.lastMax)) return 'its wrong-pixel count is not a number';
  if (!Array.isArray(m.terms) || m.terms.join('\n') !== s.terms.join('\n')) return 'its objective has other terms';
  if (!isObject(m.streams) || Object.keys(m.streams).sort().join() !== Object.keys(s.streams).sort().join() || !Object.values(m.streams).every((v) => isStreamState(v))) {
    return 'its random streams are not those of this trainer';
  }
  if (!isObject(m.optimizer) || !Object.values(m.optimizer).every(finite)) return 'its optimizer numbers are malformed';
  if (m.best !== null && (!isObject(m.best) || !Array.isArray(m.best.score) || !m.best.score.every(finite) || !Number.isInteger(m.best.epoch))) return 'its best-weights record is malformed';
  const done = m.epoch! - 1;
  const want = new Map<string, [Function, number]>();
  for (const t of tensors(s)) want.set(`model/${t.name}`, [t.value.constructor, t.value.length]); // Float32Array in a float32 model
  want.set('fit/order', [Int32Array, n]);
  if (s.fit.noisy) want.set('fit/noisy', [Float64Array, s.fit.noisy.data.length]);
  want.set('fit/history', [Float64Array, done]);
  s.terms.forEach((t) => want.set(`curve/${t}`, [Float64Array, done]));
  want.set('terms/sums', [Float64Array, s.terms.length]);
  if (s.rates !== undefined) want.set(RATES, [Float64Array, done]);
  if (s.wrongs !== undefined) want.set(WRONGS, [Float64Array, done]);
  if (m.best !== null) for (const t of tensors(s)) want.set(`best/${t.name}`, [Float64Array, t.value.length]);
  for (const [name, [type, length]] of want) {
    const a = c.arrays[name];
    if (a === undefined) return `it has no ${name}`;
    if (a.constructor !== type || a.length !== length) return `its ${name} has ${a.length} ${a.constructor.name} values, ${length} ${type.name} expected`;
  }
  const extra = Object.keys(c.arrays).filter((k) => !want.has(k) && !k.startsWith('optimizer/'));
  if (extra.length > 0) return `it has arrays this trainer does not know (${extra.slice(0, 3).join(', ')})`;
  const seen = new Uint8Array(n);
  for (const i of c.arrays['fit/order']!) {
    if (!Number.isInteger(i) || i < 0 || i >= n || seen[i] === 1) return 'its visiting order is not a permutation of the items';
    seen[i] = 1;
  }
  return undefined;
}

/**
 * Puts checkpoint `c` into a freshly built trainer state: weights and model state, the optimizer,
 * the loop's position, histories, sums, best weights, counters and, last, the streams. Returns why
 * it cannot when it does not fit; then the state may be half-changed only in the optimizer and
 * the weights, and the caller builds a fresh one (the streams are untouched).
 */
export function restoreTrainer(s: TrainerState, c: Checkpoint, epochs: number): string | undefined {
  const why = mismatch(s, c, epochs);
  if (why !== undefined) return why;
  const m = c.meta as unknown as Meta;
  const arrays = Object.fromEntries(Object.entries(c.arrays).filter(([k]) => k.startsWith('optimizer/')).map(([k, v]) => [k.slice('optimizer/'.length), v as Float64Array | Float32Array]));
  try {
    s.optimizer.loadState!(s.model.params, { numbers: m.optimizer, arrays });
  } catch (e) {
    return `its optimizer state does not fit (${e instanceof Error ? e.message : String(e)})`;
  }
  for (const t of tensors(s)) t.value.set(c.arrays[`model/${t.name}`] as Float64Array | Float32Array);
  s.fit.epoch = m.epoch;
  s.fit.batch = m.batch;
  s.fit.total = m.total;
  s.fit.order.set(c.arrays['fit/order'] as Int32Array);
  if (s.fit.noisy) s.fit.noisy.data.set(c.arrays['fit/noisy'] as Float64Array);
  s.fit.history.set(c.arrays['fit/history'] as Float64Array);
  s.terms.forEach((t, i) => s.curves[i]!.set(c.arrays[`curve/${t}`] as Float64Array));
  s.sums.set(c.arrays['terms/sums'] as Float64Array);
  s.rates?.set(c.arrays[RATES] as Float64Array);
  s.wrongs?.set(c.arrays[WRONGS] as Float64Array);
  if (m.best !== null) s.best.load(m.best.score, m.best.epoch, tensors(s).map((t) => c.arrays[`best/${t.name}`] as Float64Array));
  s.counters.lastMax = m.lastMax ?? Number.NaN;
  s.counters.seconds = m.seconds;
  try {
    for (const [k, r] of Object.entries(s.streams)) restoreStreams(r, (m.streams as Record<string, StreamState>)[k]!);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return undefined;
}
