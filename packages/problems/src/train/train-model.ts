import {
  Model,
  StageFailure,
  drain,
  fitEpochs,
  fitState,
  type Checkpoint,
  planModel,
  reconstructionStep,
  type ArchitectureError,
  type ArtifactInfo,
  type ComponentContext,
  type ComponentPlugin,
  type DatasetArtifact,
  type LatentSnapshot,
  type Matrix,
  type ModelArtifact,
  type ModelPlan,
  type Problem,
  type Shape,
  type StageCheckEnv,
  type StageContext,
  threadCount,
} from '@sia/core';
import { aheadNoise, type AheadNoise } from '../noise/ahead.js';
import { countWrongPixels } from '../evaluate/wrong-pixels.js';
import { BestWeights } from './best-weights.js';
import { checkError } from '../check-error.js';
import { overMemoryLimit } from '../memory-limit.js';
import { scheduledRate } from './rate-schedule.js';
import { canCheckpoint, captureTrainer, restoreTrainer, type TrainerState } from './train-checkpoint.js';
import { architectureOf, datasetItemShape, misplacedShorthand, type TrainDefaults, type TrainOptions } from './train-options.js';


/** Where an architecture error points in the trainer's options. */
function pathOf(e: ArchitectureError, config: TrainOptions): (string | number)[] {
  const shorthand = config.encoder.every((x) => typeof x === 'number');
  if (e.part === 'encoder') {
    if (e.index === undefined) return ['encoder'];
    if (shorthand) return e.index === config.encoder.length ? ['latent'] : ['encoder', e.index];
    return ['encoder', e.index];
  }
  return config.decoder === 'mirror' || e.index === undefined ? ['decoder'] : ['decoder', e.index];
}

/**
 * Everything a trainer can check before running: shorthand options used with a layer list, the
 * problem against the noise upstream, and (when the dataset's item shape is known) every layer's
 * shape. Throws the first problem with the path of the option it is about.
 */
export function checkTrainOptions(config: TrainOptions, d: TrainDefaults, data: ArtifactInfo | undefined, components: ComponentContext): { plan?: ModelPlan; problem: Problem } {
  const misplaced = misplacedShorthand(config);
  if (misplaced.length > 0) {
    throw checkError(`${misplaced[0]} belongs to the widths shorthand of encoder; with a list of layers, the last layer of encoder is the latent layer and configures its own width and activation`, [misplaced[0]!]);
  }
  const problem = components.create('problem', config.problem);
  checkNoise(problem, config, data?.noisy === true);
  if (data?.itemShape === undefined) return { problem };
  const plan = planModel(architectureOf(config, d, data.itemShape), components);
  if (plan.isErr()) throw checkError(plan.error.message, pathOf(plan.error, config));
  // Refused before anything is allocated: a width of a billion is an error message, not an abort.
  const rows = (config.updater as { batchSize?: number }).batchSize ?? 256;
  const tooBig = overMemoryLimit(plan.value, rows);
  if (tooBig !== undefined) throw checkError(tooBig, ['encoder']);
  return { plan: plan.value, problem };
}

function checkNoise(problem: Problem, config: TrainOptions, noisyUpstream: boolean): void {
  if (problem.inputs === 'clean' && noisyUpstream) {
    throw checkError(`a noise stage feeds this ${config.problem.type} model: use problem: { type: denoising } to train on noisy inputs`, ['problem']);
  }
  if (problem.inputs === 'noisy' && problem.corruption === undefined && !noisyUpstream) {
    throw checkError(`a ${config.problem.type} model needs noisy inputs: give the problem a noise ({ type: ${config.problem.type}, noise: { type: gaussian, std: 0.2 } }) or put a noise stage before it`, ['problem']);
  }
}

/** What one trainer run hands back: the model artifact and the stage's metrics. */
export interface TrainResult {
  readonly artifact: ModelArtifact;
  readonly metrics: Record<string, unknown>;
  /**
   * Max wrong pixels of each epoch, NaN where none was counted (counts run every `checkEvery`
   * epochs and at the last, when `stopWithin` or `keepBest` asks for them); absent when never counted.
   */
  readonly maxWrongPixels?: Float64Array;
}

/**
 * The one trainer of every problem. It assembles the network (`planModel`: the problem wraps the
 * latent layer into its code layer), then runs core's `fit` with the objective reconstruction +
 * Σ weight · penalty. Around each epoch: the problem's layers hear `startEpoch` (KL warm-up), the
 * learning rate follows `schedule`, and every `checkEvery` epochs the clean reconstructions'
 * wrong pixels are counted for the stop rule (`stopWithin`) and keep-best (by max wrong pixels,
 * then total, then loss). `stopLoss` stops once an epoch's loss is at or below it. A NaN or
 * infinite loss stops training and fails the stage with its epoch.
 *
 * Streams, each forked from the stage's: `weights` (initial weights, per layer name), `sampling`
 * (dropout masks, variational noise), `training` (batch order, input noise).
 */
export function trainModel(config: TrainOptions, d: TrainDefaults, data: DatasetArtifact, ctx: StageContext): TrainResult {
  return drain(trainSteps(config, d, data, ctx));
}

/** Epochs from which a noise stage's noise is drawn ahead on a worker thread (its start costs about as much as 500 of dae-letters' epochs save). */
const AHEAD_MIN_EPOCHS = 500;

/** What the trainer's driver sees of a run in progress. */
export interface TrainSession {
  /** The last finished epoch. */
  epoch: number;
  /** Set once training runs (when the optimizer can save its state): the state at the current pause. */
  capture?: () => Checkpoint;
  /** Set when the run continued from a checkpoint: where it took up. */
  resumed?: { readonly epoch: number; readonly batch: number };
  /** Pause inside an epoch every 64 batches once this many ms have passed (core's default when absent). */
  readonly pauseMs?: number;
}

/**
 * The trainer as a generator that pauses at batch boundaries (core's `fitEpochs`): `trainModel`
 * drains it, the stage drives it so that Ctrl-C and SIGTERM stop it between two batches.
 *
 * Checkpoints: with `ctx.checkpoints`, a checkpoint is saved at the end of an epoch once
 * `checkpointEvery` epochs or seconds have passed since the last one, and `session.capture`
 * gives one at any pause (the stage saves it on an interrupt). A checkpoint that `ctx.checkpoints`
 * returns at the start is continued from, with the same bits as a run never stopped; one that
 * does not fit this trainer is noted in the log and training starts from the beginning.
 */
export function* trainSteps(
  config: TrainOptions,
  d: TrainDefaults,
  data: DatasetArtifact,
  ctx: StageContext,
  session: TrainSession = { epoch: 0 },
  /** The checkpoint to continue from; `null`: none (start from the beginning). */
  saved: Checkpoint | null | undefined = ctx.checkpoints?.load(),
): Generator<void, TrainResult, void> {
  const itemShape: Shape = datasetItemShape(data);
  const { plan, problem } = runCheck(config, d, data, itemShape, ctx);
  const streams = { weights: ctx.rng.fork('weights'), sampling: ctx.rng.fork('sampling'), training: ctx.rng.fork('training') };
  const model = Model.build(plan!, { weights: streams.weights, noise: streams.sampling, initializer: ctx.create('initializer', config.initializer) });
  const corruption = problem.inputs === 'clean' ? undefined : (problem.corruption ?? data.noise?.apply);

  const loss = ctx.create('loss', config.loss);
  const optimizer = ctx.create('optimizer', config.optimizer);
  const updater = ctx.create('updater', config.updater);
  const schedule = config.schedule ?? { type: 'constant' };
  const initialRate = optimizer.rate;
  if (schedule.type !== 'constant' && (initialRate === undefined || !optimizer.setRate)) {
    throw new StageFailure('run/failed', `optimizer '${optimizer.name}' has no settable rate, so it cannot follow a ${schedule.type} schedule`);
  }

  const n = data.inputs.rows;
  const epochs = config.epochs;
  const penalties = model.penalties;
  const terms = penalties.length > 0 ? ['reconstruction', ...penalties.map((p) => p.name)] : [];
  const curves = terms.map(() => new Float64Array(epochs));
  const sums = new Float64Array(terms.length);
  const inner = reconstructionStep(model, loss, penalties);
  // The epoch's item-weighted sums of each term, gathered around the step (no allocation).
  const step = {
    params: inner.params,
    trainStep(x: Matrix, t: Matrix): number {
      const value = inner.trainStep(x, t);
      if (terms.length > 0) {
        sums[0] += inner.lastReconstruction * x.rows;
        for (let i = 0; i < penalties.length; i++) sums[i + 1] += penalties[i]!.value * x.rows;
      }
      return value;
    },
  };

  const counting = config.stopWithin !== undefined || config.keepBest;
  // Per-epoch records for history.csv and the artifact: the rate each epoch trained with (only
  // when a schedule changes it) and the wrong-pixel counts (only when they are counted anyway).
  const rates = schedule.type !== 'constant' ? new Float64Array(epochs) : undefined;
  const wrongs = counting ? new Float64Array(epochs).fill(Number.NaN) : undefined;
  const best = new BestWeights([...model.params, ...model.state.map((s) => ({ name: s.name, value: s.value, grad: s.value }))]);
  const wrong = new Int32Array(n);
  const counters = { lastMax: Number.NaN, seconds: 0 };
  let stopped: 'goal' | 'loss' | undefined;
  let stopEpoch: number | undefined;
  // Progress records are reused every epoch (the engine copies what it reports): no allocation.
  const extra: Record<string, number> = {};
  // `latent` (2-D codes only) computes the plane when a reporter asks; `last` marks an early
  // stop's final epoch, which the engine delivers whatever its throttle.
  const latent = model.latentSize === 2 ? latentSnapshots(model, data, session) : undefined;
  const report = { epoch: 0, epochs, loss: 0, last: false, extra, ...(latent ? { latent } : {}) };
  const plain = { epoch: 0, epochs, loss: 0, last: false, ...(latent ? { latent } : {}) };

  const fit = fitState(data, { epochs, ...(corruption ? { noise: corruption } : {}) });
  const state: TrainerState = { model, optimizer, streams, fit, terms, curves, sums, best, counters, rates, wrongs };
  const checkpointing = ctx.checkpoints !== undefined && canCheckpoint(optimizer);
  if (ctx.checkpoints !== undefined && !checkpointing) ctx.log(`optimizer '${optimizer.name}' cannot save its state, so this stage writes no checkpoints`);
  if (saved !== undefined && saved !== null && checkpointing) {
    const why = restoreTrainer(state, saved, epochs);
    if (why !== undefined) {
      ctx.log(`checkpoint ${ctx.checkpoints!.path} ignored: ${why}; training from the start`);
      return yield* trainSteps(config, d, data, ctx, session, null);
    }
    session.resumed = { epoch: fit.epoch, batch: fit.batch };
    session.epoch = fit.epoch - 1;
    ctx.log(`continuing from the checkpoint at epoch ${fit.epoch}${fit.batch > 0 ? `, batch ${fit.batch}` : ''}`);
  }

  // The noise stage's noise on the second core, epochs ahead (the same bits; see `aheadNoise`):
  // when the run may use two threads, nothing else draws from the training stream (no shuffle)
  // and enough epochs remain to pay for the worker's start.
  const ahead: AheadNoise | undefined =
    corruption !== undefined && problem.corruption === undefined && data.noise !== undefined && !updater.shuffle && threadCount() >= 2 && epochs - fit.epoch + 1 >= AHEAD_MIN_EPOCHS
      ? aheadNoise(corruption, data.noise.name, data.noise.config, (kind, name) => ctx.plugin?.(kind, name) as ComponentPlugin | undefined)
      : undefined;
  const noise = ahead?.apply ?? corruption;

  model.startEpoch(fit.epoch, epochs);
  const started = performance.now();
  const elapsed = (): number => counters.seconds + (performance.now() - started) / 1000;
  if (checkpointing) session.capture = () => captureTrainer(state, elapsed());
  const steps = fitEpochs(step, data, {
    optimizer,
    updater,
    epochs,
    rng: streams.training,
    state: fit,
    ...(session.pauseMs !== undefined ? { pauseMs: session.pauseMs } : {}),
    ...(noise ? { noise } : {}),
    onEpoch(epoch, meanLoss) {
      session.epoch = epoch;
      for (let i = 0; i < terms.length; i++) {
        curves[i]![epoch - 1] = sums[i]! / n;
        sums[i] = 0;
      }
      // The rate this epoch trained with, before the schedule sets the next one.
      if (rates !== undefined) rates[epoch - 1] = optimizer.rate!;
      if (epoch < epochs) {
        model.startEpoch(epoch + 1, epochs);
        // The rate the next epoch trains with (epoch 1 used the optimizer's own).
        if (schedule.type !== 'constant') optimizer.setRate!(scheduledRate(schedule, initialRate!, epoch + 1, epochs));
      }
      if (counting && (epoch % config.checkEvery === 0 || epoch === epochs)) {
        const { max, total } = countWrongPixels(model.forward(data.inputs), data.targets, wrong, config.threshold);
        counters.lastMax = max;
        if (wrongs !== undefined) wrongs[epoch - 1] = max;
        if (config.keepBest) best.offer([max, total, meanLoss], epoch);
        if (config.stopWithin !== undefined && max <= config.stopWithin) stopped = 'goal';
      }
      if (stopped === undefined && config.stopLoss !== undefined && meanLoss <= config.stopLoss) stopped = 'loss';
      const p = Number.isNaN(counters.lastMax) && terms.length === 0 ? plain : report;
      p.epoch = epoch;
      p.loss = meanLoss;
      if (!Number.isNaN(counters.lastMax)) extra.maxWrongPixels = counters.lastMax;
      for (let i = 1; i < terms.length; i++) extra[terms[i]!] = curves[i]![epoch - 1]!;
      p.last = stopped !== undefined;
      ctx.progress(p);
      if (stopped !== undefined) stopEpoch = epoch;
      return stopped !== undefined;
    },
  });
  const every = config.checkpointEvery;
  let savedAt = performance.now();
  let savedEpoch = fit.epoch - 1;
  let result;
  try {
    for (;;) {
      const r = steps.next();
      if (r.done === true) {
        result = r.value;
        break;
      }
      // At the end of an epoch with more to come: a checkpoint when one is due.
      if (checkpointing && fit.batch === 0 && fit.epoch <= epochs) {
        const done = fit.epoch - 1;
        const now = performance.now();
        if ((every.epochs !== undefined && done - savedEpoch >= every.epochs) || (every.seconds !== undefined && now - savedAt >= every.seconds * 1000)) {
          ctx.checkpoints!.save(captureTrainer(state, elapsed()));
          savedAt = performance.now();
          savedEpoch = done;
        }
      }
      yield;
    }
  } finally {
    ahead?.close();
  }
  const seconds = elapsed();

  if (result.stop === 'non-finite') {
    throw new StageFailure('run/diverged', `the loss became NaN or infinite at epoch ${result.nonFiniteEpoch}; try a smaller learning rate`, {
      epoch: result.nonFiniteEpoch!,
    });
  }
  // Keep-best only matters when the run did not stop on the goal (then the last weights are the best).
  const restored = config.keepBest && stopped !== 'goal' && best.best !== undefined;
  if (restored) best.restore();
  const final = countWrongPixels(model.forward(data.inputs), data.targets, wrong, config.threshold);
  let within = 0;
  const limit = config.stopWithin ?? 1;
  for (let i = 0; i < wrong.length; i++) if (wrong[i]! <= limit) within++;

  const done = result.epochs;
  const history: Record<string, number[]> = { loss: result.history };
  terms.forEach((t, i) => (history[t] = Array.from(curves[i]!.subarray(0, done))));
  const finals: Record<string, number | null> = {};
  for (const t of terms) finals[`final${t[0]!.toUpperCase()}${t.slice(1)}`] = history[t]![done - 1] ?? null;
  const metrics = {
    problem: config.problem.type,
    epochs: done,
    stop: stopped ?? result.stop,
    ...(stopped !== undefined ? { [stopped === 'goal' ? 'goalEpoch' : 'lossEpoch']: stopEpoch } : {}),
    ...(restored ? { bestEpoch: best.epoch } : {}),
    trainingSeconds: Number(seconds.toFixed(4)),
    finalLoss: result.history[done - 1] ?? null,
    ...finals,
    maxWrongPixels: final.max,
    itemsWithin: within,
    itemsWithinLimit: limit,
    items: n,
  };
  const artifact: ModelArtifact = {
    type: 'model',
    model,
    history,
    ...(rates !== undefined ? { learningRate: Array.from(rates.subarray(0, done)) } : {}),
    ...(data.imageShape ? { imageShape: data.imageShape } : {}),
  };
  return { artifact, metrics, ...(wrongs !== undefined ? { maxWrongPixels: wrongs.slice(0, done) } : {}) };
}

/**
 * `Progress.latent` of a model with a 2-D code: the training items' codes now (the mean of a
 * variational model), in inference mode (dropout off, batch-norm on its running statistics, no
 * sampling), so it draws from no stream and changes no state. It is called between batches (at
 * the trainer's pauses) or between epochs, where the next batch starts with a fresh forward pass,
 * so the run's results are the same whether or not anyone calls it. Allocates only when called.
 */
function latentSnapshots(model: Model, data: DatasetArtifact, session: TrainSession): () => LatentSnapshot {
  return () => {
    const codes = model.encoder.forward(data.inputs, false);
    const xy = new Float64Array(codes.rows * 2);
    for (let i = 0; i < xy.length; i++) xy[i] = codes.data[i]!;
    return { epoch: session.epoch, xy, labels: data.labels };
  };
}

/** The run-time twin of the validation check, on the real dataset (its shape is known now). */
function runCheck(config: TrainOptions, d: TrainDefaults, data: DatasetArtifact, itemShape: Shape, ctx: StageContext): { plan: ModelPlan; problem: Problem } {
  try {
    const { plan, problem } = checkTrainOptions(config, d, { itemShape, noisy: data.noise !== undefined }, ctx);
    return { plan: plan!, problem };
  } catch (e) {
    throw new StageFailure('run/failed', (e as Error).message, { cause: e });
  }
}

/** The validation hook of a trainer stage. */
export function checkTrainStage(config: TrainOptions, d: TrainDefaults, env: StageCheckEnv): void {
  checkTrainOptions(config, d, env.inputs.data, env.components);
}
