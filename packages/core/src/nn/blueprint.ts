import type { Rng } from '../rng/rng.js';
import type { Precision } from '../tensor/matrix.js';
import type { Initializer, Layer, Shape } from './types.js';

/** A layer configuration as written in a pipeline: `{ type: dense, units: 64, ... }`. */
export interface LayerConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}

/** What a blueprint needs to build its layer. */
export interface LayerBuild {
  /** Prefix of the layer's tensor names: `encoder.0` gives `encoder.0.weight`, `encoder.0.bias`. */
  readonly name: string;
  /** Shape of one input item (already accepted by `outputShape`). */
  readonly inputShape: Shape;
  /**
   * The root stream of the network's initial weights. A layer draws from `weights.fork(name)`,
   * so its first weights depend on its name only, not on the layers before it.
   */
  readonly weights: Rng;
  /** The stage's stream for random draws in training (dropout masks, variational noise). */
  readonly noise: Rng;
  /** Initial weights of a layer whose config names no initializer of its own. */
  readonly initializer: Initializer;
  /**
   * The network's precision (float64 when absent): a float32 layer keeps its weights, gradients
   * and buffers in Float32Arrays and computes with float32 semantics (see `Precision` in types.ts).
   */
  readonly precision?: Precision;
}

/**
 * What a `layer` plugin's `create` returns: a validated configuration that can say what shape it
 * gives for an input shape (so a pipeline's shapes are checked before anything runs) and build the
 * layer itself. Blueprints hold no weights; `build` makes a fresh layer every time.
 */
export interface LayerBlueprint {
  /** The output item shape for `input`, or a sentence saying why this layer cannot take it. */
  outputShape(input: Shape): Shape | string;
  build(b: LayerBuild): Layer;
  /**
   * The layers that undo this one on the way back, for a mirrored decoder: they take this layer's
   * output shape back to `input`. `activation` is the activation the mirrored layer should use
   * (the one of the layer before this one, or the output activation). An empty list means nothing
   * is needed (dropout, normalisation); a layer without `mirror` cannot be mirrored.
   */
  mirror?(input: Shape, activation: Readonly<Record<string, unknown>>): readonly LayerConfig[];
  /**
   * What the layer will allocate for `input`, so a pipeline can be refused before anything is
   * allocated: its trainable values, and the values it keeps per item of a batch (buffers for
   * forward and backward). Without it a layer counts as no parameters and a few copies of its output.
   */
  cost?(input: Shape): LayerCost;
  /**
   * True when `build` honours `precision: 'float32'` (weights, gradients and buffers in
   * Float32Arrays). A float32 model refuses, at planning, any layer without it.
   */
  readonly float32?: boolean;
}

/** Numbers of values (float64, or float32 in a float32 model) a layer allocates (see `LayerBlueprint.cost`). */
export interface LayerCost {
  readonly params: number;
  readonly perItem: number;
}
