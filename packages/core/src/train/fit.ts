import { Matrix } from '../tensor/matrix.js';
import { gatherRows } from '../tensor/ops.js';
import { arenaMatrix, inArena } from '../tensor/wasm/arena.js';
import type { Rng } from '../rng/rng.js';
import type { Optimizer, Updater } from './types.js';
import type { Trainable } from './step.js';
import { drain } from './drive.js';

/** Inside a long epoch, pause at a batch boundary once this long has passed since the last pause. */
const PAUSE_MS = 100;

/** Writes a corrupted copy of `clean` into `out` (same shape), drawing from `rng` (the pipeline's `NoiseFn`). */
export type FitNoise = (clean: Matrix, out: Matrix, rng: Rng) => void;

/** Training items, one per row; `targets` has the same number of rows (== `inputs` for an autoencoder). */
export interface FitData {
  readonly inputs: Matrix;
  readonly targets: Matrix;
}

export interface FitOptions {
  readonly optimizer: Optimizer;
  readonly updater: Updater;
  /** Upper bound on epochs (≥ 0). */
  readonly epochs: number;
  /** The stage's stream: shuffles the order each epoch and feeds `noise`. */
  readonly rng: Rng;
  /** When given, every epoch trains on fresh noisy copies of the inputs; targets stay clean. */
  readonly noise?: FitNoise;
  /** Called after each epoch with its mean loss per item; return `true` to stop. */
  readonly onEpoch?: (epoch: number, meanLoss: number) => boolean | void;
  /**
   * Where the loop stands, kept current at every pause (see `FitState`): pass one (from
   * `fitState`) to read it at pauses for a checkpoint, or one filled from a checkpoint to continue
   * a loop where it paused. Without it the loop starts at epoch 1 with its own.
   */
  readonly state?: FitState;
  /** Inside a long epoch, pause every 64 batches once this many ms have passed since the last pause (default 100). */
  readonly pauseMs?: number;
}

/**
 * The epoch loop's position and everything it carries from batch to batch, as of the last pause.
 * Together with the weights, the optimizer's state and the streams' positions it is all a loop
 * needs to continue with the same bits it would have computed without stopping.
 */
export interface FitState {
  /** The epoch in progress (1-based); with `batch` 0, the next epoch to start. */
  epoch: number;
  /** Batches of `epoch` already trained; 0 means the epoch has not started (no noise drawn, no shuffle yet). */
  batch: number;
  /** Item-weighted loss sum of those batches. */
  total: number;
  /** The visiting order, reshuffled in place each epoch. */
  readonly order: Int32Array;
  /** This epoch's noisy copies of the inputs (with `noise`). */
  readonly noisy: Matrix | undefined;
  /** Mean loss of epochs 1 .. epoch − 1, in its first entries (length: the epoch bound). */
  readonly history: Float64Array;
}

/** A fresh `FitState` for `data`: epoch 1 not started, identity order. */
export function fitState(data: FitData, options: Pick<FitOptions, 'epochs' | 'noise'>): FitState {
  const n = data.inputs.rows;
  return {
    epoch: 1,
    batch: 0,
    total: 0,
    order: Int32Array.from({ length: n }, (_, i) => i),
    noisy: options.noise ? arenaMatrix(n, data.inputs.cols, 'float64') : undefined,
    history: new Float64Array(options.epochs),
  };
}

/** Why the loop ended. */
export type FitStop = 'epochs' | 'callback' | 'non-finite';

export interface FitResult {
  /** Mean loss of each completed epoch (epoch 1 first). */
  readonly history: number[];
  /** Epochs completed. */
  readonly epochs: number;
  readonly stop: FitStop;
  /** With `stop === 'non-finite'`: the epoch (1-based) in which a batch loss was NaN or infinite. */
  readonly nonFiniteEpoch?: number;
}

/**
 * The epoch loop. Each epoch: fresh noise (if any), a reshuffle (if the updater asks), then for
 * each batch of `updater.batchSize(n)` items: gather the rows into preallocated matrices,
 * `model.trainStep`, `optimizer.step`. The epoch's loss is the item-weighted mean of batch losses.
 *
 * Nothing is allocated inside the loop: the order, batch and noise buffers are made up front
 * (one pair for full batches, one for the shorter last batch). A batch loss that is NaN or
 * infinite stops the loop before its update, so the weights stay those of the last good step;
 * the result says so instead of throwing.
 */
export function fit(model: Trainable, data: FitData, options: FitOptions): FitResult {
  return drain(fitEpochs(model, data, options));
}

/**
 * `fit` as a generator that pauses at batch boundaries: after every epoch, and inside a long epoch
 * every 64 batches once 100 ms have passed since the last pause. A driver (`drive`) uses the pauses
 * to let the event loop run (signal handlers, progress output) and to stop between two batches;
 * `fit` drains it without pausing. Either way the arithmetic, and so every bit, is the same.
 */
export function* fitEpochs(model: Trainable, data: FitData, options: FitOptions): Generator<void, FitResult, void> {
  const { inputs, targets } = data;
  const { optimizer, updater, rng, noise, onEpoch } = options;
  const n = inputs.rows;
  if (targets.rows !== n) throw new RangeError(`fit: ${n} inputs but ${targets.rows} targets`);
  if (n === 0) throw new RangeError('fit: no training items');
  if (!Number.isInteger(options.epochs) || options.epochs < 0) throw new RangeError(`fit: bad epoch count ${options.epochs}`);

  const batch = Math.max(1, Math.min(n, Math.floor(updater.batchSize(n))));
  const shuffle = updater.shuffle;
  const full = Math.floor(n / batch);
  const rest = n - full * batch;
  const st = options.state ?? fitState(data, options);
  checkState(st, data, options);
  const { order, noisy, history } = st;
  // One whole unshuffled batch needs no copy: train on the data (or its noisy copy) directly.
  const direct = batch === n && !shuffle;
  // Batch buffers in the wasm arena (when there is one): the first layer reads the inputs in place
  // and the loss takes its per-element kernels on the targets. The same values either way.
  // A direct batch gets arena copies of the data the same way (made once; the noisy copies are
  // drawn into the arena already, see `fitState`).
  const xd = direct && !noisy ? inArena(inputs) : inputs;
  const td = !direct ? targets : targets === inputs && xd !== inputs ? xd : inArena(targets); // an autoencoder's one copy serves both
  const xb = direct ? undefined : arenaMatrix(batch, inputs.cols, 'float64');
  const tb = direct ? undefined : arenaMatrix(batch, targets.cols, 'float64');
  const xr = rest > 0 ? arenaMatrix(rest, inputs.cols, 'float64') : undefined;
  const tr = rest > 0 ? arenaMatrix(rest, targets.cols, 'float64') : undefined;
  const params = model.params;

  let completed = st.epoch - 1;
  const pauseMs = options.pauseMs ?? PAUSE_MS;
  let mark = performance.now();
  let stop: FitStop = 'epochs';
  let nonFiniteEpoch: number | undefined;
  for (let epoch = st.epoch; epoch <= options.epochs; epoch++) {
    // A loop continued mid-epoch has this epoch's noise and order already.
    const first = st.batch;
    if (first === 0) {
      if (noise) noise(inputs, noisy!, rng);
      if (shuffle) rng.shuffle(order);
    }
    const source = noisy ?? (direct ? xd : inputs);
    let total = first === 0 ? 0 : st.total;
    let bad = false;
    if (direct) {
      const loss = model.trainStep(source, td);
      if (!Number.isFinite(loss)) bad = true;
      else {
        total = loss * n;
        optimizer.step(params);
      }
    } else {
      for (let b = first; b <= full && !bad; b++) {
        const size = b < full ? batch : rest;
        if (size === 0) break;
        const x = b < full ? xb! : xr!;
        const t = b < full ? tb! : tr!;
        gatherRows(source, order, b * batch, x);
        gatherRows(targets, order, b * batch, t);
        const loss = model.trainStep(x, t);
        if (!Number.isFinite(loss)) bad = true;
        else {
          total += loss * size;
          optimizer.step(params);
        }
        if (!bad && (b & 63) === 63 && b < full - (rest > 0 ? 0 : 1) && performance.now() - mark >= pauseMs) {
          st.epoch = epoch;
          st.batch = b + 1;
          st.total = total;
          yield;
          mark = performance.now();
        }
      }
    }
    if (bad) {
      stop = 'non-finite';
      nonFiniteEpoch = epoch;
      break;
    }
    const mean = total / n;
    history[epoch - 1] = mean;
    completed = epoch;
    st.epoch = epoch + 1;
    st.batch = 0;
    st.total = 0;
    if (onEpoch && onEpoch(epoch, mean) === true) {
      stop = 'callback';
      break;
    }
    yield;
    mark = performance.now();
  }
  const result: FitResult = { history: Array.from(history.subarray(0, completed)), epochs: completed, stop };
  return nonFiniteEpoch === undefined ? result : { ...result, nonFiniteEpoch };
}

function checkState(st: FitState, data: FitData, options: FitOptions): void {
  const n = data.inputs.rows;
  const where = `fit: the state to continue from`;
  if (!Number.isInteger(st.epoch) || st.epoch < 1 || st.epoch > options.epochs + 1) throw new RangeError(`${where} is at epoch ${st.epoch} of ${options.epochs}`);
  if (!Number.isInteger(st.batch) || st.batch < 0 || st.batch > n) throw new RangeError(`${where} is at batch ${st.batch}`);
  if (st.order.length !== n) throw new RangeError(`${where} orders ${st.order.length} items, the data has ${n}`);
  if (st.history.length < Math.min(options.epochs, st.epoch - 1)) throw new RangeError(`${where} holds ${st.history.length} epochs of history`);
  if ((st.noisy === undefined) !== (options.noise === undefined)) throw new RangeError(`${where} ${st.noisy ? 'has' : 'lacks'} noisy inputs, the loop ${options.noise ? 'draws' : 'draws no'} noise`);
  if (st.noisy && (st.noisy.rows !== n || st.noisy.cols !== data.inputs.cols)) throw new RangeError(`${where} has noisy inputs of another shape`);
}
