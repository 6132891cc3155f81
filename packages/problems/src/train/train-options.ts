import { slot, type ArchitectureSpec, type ComponentConfig, type LayerConfig, type OptionsSchema, type Precision, type ProblemConfig, type Shape } from '@sia/core';
import { rateScheduleSchema, type RateSchedule } from './rate-schedule.js';

/** Options of a trainer stage (after defaults). YAML names and these field names are the same. */
export interface TrainOptions {
  problem: ProblemConfig;
  /** Layers of the encoder (the last is the latent layer), or the widths shorthand. */
  encoder: LayerConfig[] | number[];
  /** Widths shorthand only: width of the latent layer. */
  latent?: number;
  /** Widths shorthand only: activation of every hidden layer. */
  hidden?: ComponentConfig;
  /** Widths shorthand only: activation of the latent layer. */
  latentActivation?: ComponentConfig;
  decoder: 'mirror' | LayerConfig[];
  /** Activation of a mirrored decoder's last layer. */
  output: ComponentConfig;
  loss: ComponentConfig;
  optimizer: ComponentConfig;
  updater: ComponentConfig;
  initializer: ComponentConfig;
  epochs: number;
  threshold: number;
  schedule: RateSchedule;
  stopWithin?: number;
  stopLoss?: number;
  keepBest: boolean;
  checkEvery: number;
  /** Save a checkpoint at the end of an epoch once this many epochs or seconds have passed since the last. */
  checkpointEvery: { epochs?: number; seconds?: number };
  /** The network's numbers (weights, activations, gradients, optimizer state); float64 when absent. */
  precision?: Precision;
}

/** What a trainer preset chooses: the defaults of its options. */
export interface TrainDefaults {
  problem: ProblemConfig;
  encoder: number[];
  latent: number;
  hidden: ComponentConfig;
  latentActivation: ComponentConfig;
  output: ComponentConfig;
  loss: ComponentConfig;
  optimizer: ComponentConfig;
  updater: ComponentConfig;
  initializer: ComponentConfig;
  epochs: number;
  keepBest: boolean;
}

/** A positive integer option with a default. */
const positiveInt = (description: string, dflt: number, maximum = 100_000_000): OptionsSchema => ({
  type: 'integer',
  exclusiveMinimum: 0,
  maximum,
  default: dflt,
  description,
});

const layerList = (description: string): OptionsSchema => ({
  type: 'array',
  minItems: 1,
  maxItems: 256,
  items: slot('layer'),
  description,
});

/** The options schema of a trainer stage with the given defaults. */
export function trainOptionsSchema(d: TrainDefaults): OptionsSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      problem: slot('problem', d.problem, 'What the network is trained to do: conventional, denoising, variational, ...'),
      encoder: {
        description:
          'Encoder layers, input side first, the last one being the latent layer: a list of layer configs ({ type: dense, units: 64, activation: { type: tanh } }), or the shorthand of dense widths (then `latent`, `hidden` and `latentActivation` complete it).',
        default: d.encoder,
        // A list of numbers is the widths shorthand, anything else a list of layers: if/then/else
        // (not oneOf) so that a bad value is reported against the one form it was meant as.
        type: 'array',
        if: { type: 'array', items: { type: 'number' } },
        then: { maxItems: 256, items: { type: 'integer', exclusiveMinimum: 0, maximum: 1_000_000 } },
        else: layerList('Layer configs.'),
      },
      latent: { type: 'integer', exclusiveMinimum: 0, maximum: 1_000_000, description: `Widths shorthand: width of the latent code (default ${d.latent}).` },
      hidden: slot('activation', undefined, `Widths shorthand: activation of every hidden layer (default ${d.hidden.type}).`),
      latentActivation: slot('activation', undefined, `Widths shorthand: activation of the latent layer (default ${d.latentActivation.type}).`),
      decoder: {
        description: 'mirror (the encoder reversed, ending in the output activation) or a list of layer configs ending at the input shape.',
        default: 'mirror',
        oneOf: [{ const: 'mirror' }, { ...layerList('Layer configs.'), 'x-sia-expected': 'a list of layer configs' }],
      },
      output: slot('activation', d.output, "Activation of a mirrored decoder's last layer (in (0, 1) for BCE)."),
      loss: slot('loss', d.loss, 'Reconstruction loss.'),
      optimizer: slot('optimizer', d.optimizer, 'Weight update rule.'),
      updater: slot('updater', d.updater, 'Batching strategy: online, batch or mini-batch.'),
      initializer: slot('initializer', d.initializer, 'Initial weights of every layer that names none of its own.'),
      epochs: positiveInt('Epoch budget.', d.epochs),
      threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'An output above this is ink (wrong-pixel counts).' },
      schedule: rateScheduleSchema,
      stopWithin: {
        type: 'integer',
        minimum: 0,
        description: 'Stop once every item is reconstructed within this many wrong pixels (omit to train all epochs).',
      },
      stopLoss: { type: 'number', minimum: 0, description: "Stop once an epoch's mean training loss is at or below this (the earlier tool's epsilon)." },
      keepBest: {
        type: 'boolean',
        default: d.keepBest,
        description: 'End on the best weights seen (by max, then total wrong pixels, then loss).',
      },
      checkEvery: positiveInt('Count wrong pixels every N epochs (for the stop rule and keep-best).', 1),
      // No `default`: an absent precision is float64 and leaves the resolved options (and so the
      // stage's fingerprint and saved pipeline) as they were before the option existed.
      precision: {
        enum: ['float64', 'float32'],
        description:
          'Numbers of the network: weights, activations, gradients and optimizer state (default float64). float32 runs the f32x4 WebAssembly kernels (about twice the float64 speed on large layers); the same seed gives the same float32 bits.',
      },
      checkpointEvery: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          epochs: { type: 'integer', exclusiveMinimum: 0, maximum: 100_000_000, description: 'At most this many epochs between two checkpoints.' },
          seconds: { type: 'number', exclusiveMinimum: 0, description: 'At most this many seconds of training between two checkpoints.' },
        },
        default: { seconds: 10 },
        description: 'When to save a checkpoint (at the end of an epoch, whichever comes first; also on an interrupt), so that sia run --resume continues the run.',
      },
    },
  };
}

/** Shape of one item of a dataset: `[height, width, 1]` for images, else `[columns]`. */
export function datasetItemShape(data: { inputs: { cols: number }; imageShape?: readonly [number, number] }): Shape {
  return data.imageShape ? [data.imageShape[0], data.imageShape[1], 1] : [data.inputs.cols];
}

const isWidths = (encoder: TrainOptions['encoder']): encoder is number[] => encoder.every((e) => typeof e === 'number');

/** Where in `with:` a widths-shorthand option sits, for messages. */
export const SHORTHAND_ONLY = ['latent', 'hidden', 'latentActivation'] as const;

/**
 * The architecture a trainer's options describe, for items of `itemShape`. The widths shorthand
 * is dense layers on the flattened item: one per width with `hidden`, then the latent layer of
 * `latent` units with `latentActivation`. A list of layer configs is taken as written, on the
 * item's own shape.
 */
export function architectureOf(config: TrainOptions, d: TrainDefaults, itemShape: Shape): ArchitectureSpec {
  const common = { problem: config.problem, decoder: config.decoder ?? 'mirror', output: config.output, ...(config.precision === 'float32' ? { precision: 'float32' as const } : {}) };
  if (isWidths(config.encoder)) {
    const hidden = config.hidden ?? d.hidden;
    const encoder: LayerConfig[] = config.encoder.map((units) => ({ type: 'dense', units, activation: hidden }));
    encoder.push({ type: 'dense', units: config.latent ?? d.latent, activation: config.latentActivation ?? d.latentActivation });
    const size = itemShape.reduce((a, b) => a * b, 1);
    return { ...common, inputShape: [size], encoder };
  }
  return { ...common, inputShape: itemShape, encoder: config.encoder };
}

/** The shorthand-only options given with a list of layer configs (which they do not apply to). */
export function misplacedShorthand(config: TrainOptions): string[] {
  return isWidths(config.encoder) ? [] : SHORTHAND_ONLY.filter((k) => config[k] !== undefined);
}
