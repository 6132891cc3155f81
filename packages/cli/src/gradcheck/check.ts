import {
  Matrix,
  checkActivationGradient,
  checkLayerGradients,
  checkLossGradient,
  createRng,
  formatShape,
  restoreStreams,
  saveStreams,
  shapeSize,
  type Activation,
  type GradCheckResult,
  type Initializer,
  type Layer,
  type LayerBlueprint,
  type Loss,
  type Rng,
  type Shape,
} from '@sia/core';
import type { ResolvedComponent } from './resolve.js';

/**
 * `sia gradcheck`'s numbers: draws the check points from the seeded stream
 * `createRng(seed, 'gradcheck')`, builds the plugin's value through the registry and runs core's
 * finite-difference checker on it.
 *
 * - activation: pre-activations z (batch x item size), |z| in [0.1, 2] with a random sign (so a
 *   kink at 0, as ReLU's, is never within the step), checked through a random projection of y.
 * - loss: predictions in [0.1, 0.9] (inside any clamp of a probability loss) and targets that
 *   are 0, 1 or uniform in [0, 1], a third each.
 * - layer: built for `input` with weights from the `weights` fork and the initializer a trainer
 *   uses by default (glorot), inputs uniform in [-1, 1], every parameter and the input checked
 *   through a random projection of the output, penalties included. In training mode (the
 *   default) the layer's noise stream (`b.noise`, the `noise` fork) is put back to the same
 *   position before every forward, so a layer that draws (dropout's masks, a noise layer) draws
 *   the same numbers each time and its backward can be checked for those draws.
 */
export interface CheckSetup {
  /** Shape of one item (the input of a layer; the columns of z or pred otherwise). */
  readonly input: Shape;
  readonly batch: number;
  readonly seed: number;
  /** Layers: check `forward(x, true)` (default) or the evaluation behaviour. */
  readonly training: boolean;
  /** Check at most this many entries of each tensor, evenly spaced (default: all). */
  readonly maxPerTensor?: number;
}

/** One checked tensor: a parameter, the layer's `input`, `z` or `pred`. */
export interface CheckedTensor {
  readonly name: string;
  /** Entries compared. */
  readonly entries: number;
  readonly maxRelativeError: number;
  /** Columns when the tensor is a batch (one item per row), to show a position as [item, value]. */
  readonly itemSize?: number;
}

export interface CheckOutcome {
  readonly tensors: readonly CheckedTensor[];
  readonly result: GradCheckResult;
  /** The layer's output shape, for layers. */
  readonly outputShape?: Shape;
}

/** A plugin that cannot be checked with this setup (a shape the layer refuses): bad input. */
export class SetupError extends Error {}

/** How many entries `checkGradients` compares in a tensor of `n` values. */
const compared = (n: number, max: number | undefined): number => Math.min(n, max ?? n);

function fill(rows: number, cols: number, draw: () => number): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = draw();
  return m;
}

/** Runs the check of `component` (validated) with `setup`. Throws what the plugin throws. */
export function runGradcheck(component: ResolvedComponent, setup: CheckSetup): CheckOutcome {
  const rng = createRng(setup.seed, 'gradcheck');
  const options = { seed: setup.seed, ...(setup.maxPerTensor !== undefined ? { maxPerTensor: setup.maxPerTensor } : {}) };
  const cols = shapeSize(setup.input);
  const { ctx, config } = component;
  switch (component.kind) {
    case 'activation': {
      const activation: Activation = ctx.create('activation', config);
      const z = fill(setup.batch, cols, () => (rng.uniform() < 0.5 ? -1 : 1) * (0.1 + 1.9 * rng.uniform()));
      const result = checkActivationGradient(activation, z, options);
      return { tensors: [{ name: 'z', entries: compared(z.data.length, setup.maxPerTensor), maxRelativeError: result.perTensor.z ?? 0, itemSize: cols }], result };
    }
    case 'loss': {
      const loss: Loss = ctx.create('loss', config);
      const pred = fill(setup.batch, cols, () => 0.1 + 0.8 * rng.uniform());
      const target = fill(setup.batch, cols, () => {
        const u = rng.uniform() * 3;
        return u < 1 ? 0 : u < 2 ? 1 : rng.uniform();
      });
      const result = checkLossGradient(loss, pred, target, options);
      return { tensors: [{ name: 'pred', entries: compared(pred.data.length, setup.maxPerTensor), maxRelativeError: result.perTensor.pred ?? 0, itemSize: cols }], result };
    }
    case 'layer':
      return checkLayer(component, setup, rng, options);
  }
}

function checkLayer(component: ResolvedComponent, setup: CheckSetup, rng: Rng, options: { seed: number; maxPerTensor?: number }): CheckOutcome {
  const { ctx, config } = component;
  const blueprint: LayerBlueprint = ctx.create('layer', config);
  const outputShape = blueprint.outputShape(setup.input);
  if (typeof outputShape === 'string') throw new SetupError(outputShape);
  const noise = rng.fork('noise');
  const layer = blueprint.build({ name: 'layer', inputShape: setup.input, weights: rng.fork('weights'), noise, initializer: defaultInitializer(component) });
  const size = shapeSize(setup.input);
  if (layer.inputSize !== size) {
    throw new Error(`the layer built for a ${formatShape(setup.input)} input says its inputSize is ${layer.inputSize}, not ${size}`);
  }
  layer.startEpoch?.(1, 1);
  const x = fill(setup.batch, size, () => rng.uniform() * 2 - 1);
  const checked = setup.training ? replayingNoise(layer, noise) : layer;
  const result = checkLayerGradients(checked, x, { ...options, training: setup.training });
  const entries = new Map<string, number>();
  for (const p of layer.params) entries.set(p.name, (entries.get(p.name) ?? 0) + compared(p.value.length, setup.maxPerTensor));
  const tensors: CheckedTensor[] = [...entries].map(([name, n]) => ({ name, entries: n, maxRelativeError: result.perTensor[name] ?? 0 }));
  tensors.push({ name: 'input', entries: compared(x.data.length, setup.maxPerTensor), maxRelativeError: result.perTensor.input ?? 0, itemSize: size });
  return { tensors, result, outputShape };
}

/**
 * `layer` with its noise stream put back to the same position before every forward: the
 * checker perturbs one entry at a time and compares two forwards, which must draw alike.
 */
function replayingNoise(layer: Layer, noise: Rng): Layer {
  const start = saveStreams(noise);
  return {
    get inputSize() { return layer.inputSize; },
    get outputSize() { return layer.outputSize; },
    get params() { return layer.params; },
    get penalty() { return layer.penalty; },
    // A network lists its layers' penalties as `penalties` (see checkLayerGradients).
    get penalties() { return (layer as { penalties?: unknown }).penalties; },
    forward(x, training) {
      restoreStreams(noise, start);
      return layer.forward(x, training);
    },
    backward: (dy, needInputGrad) => layer.backward(dy, needInputGrad),
  } as Layer;
}

/** The initializer a trainer gives layers without their own: glorot (else the first registered one). */
function defaultInitializer(component: ResolvedComponent): Initializer {
  const { ctx } = component;
  for (const type of ['glorot', 'uniform', 'he']) {
    const checked = ctx.validate?.('initializer', { type });
    if (checked !== undefined && 'config' in checked) return ctx.create('initializer', checked.config);
  }
  // No initializer plugin at all: uniform in ±0.5, enough for a check.
  return { name: 'uniform', init: (w, r) => { for (let i = 0; i < w.data.length; i++) w.data[i] = r.uniform() - 0.5; } };
}
