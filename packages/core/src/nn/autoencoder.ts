import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../rng/rng.js';
import { Dense } from './dense.js';
import { Sequential } from './sequential.js';
import type { Activation, Initializer, Layer, Param } from './types.js';

/** A named weight tensor (row-major), as saved to and loaded from safetensors. */
export interface NamedTensor {
  readonly shape: number[];
  readonly data: Float64Array;
}

/**
 * The architecture of an autoencoder. Activations hold no per-batch state, so one instance may
 * serve several layers. `hiddenActivation` is one activation for every hidden layer, or one per
 * entry of `hidden` (the decoder mirrors them).
 */
export interface AutoencoderSpec {
  readonly inputSize: number;
  /** Hidden widths of the encoder, input side first; the decoder uses them reversed. */
  readonly hidden: readonly number[];
  readonly latent: number;
  readonly hiddenActivation: Activation | readonly Activation[];
  readonly latentActivation: Activation;
  readonly outputActivation: Activation;
}

export interface AutoencoderOptions extends AutoencoderSpec {
  readonly initializer: Initializer;
  /** Each layer's weights come from `rng.fork(layerName)`, so they do not depend on layer order. */
  readonly rng: Rng;
}

interface LayerPlan {
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
}

/** Layer names and sizes: encoder.0 … encoder.k (k = hidden.length, the latent layer), decoder.0 … decoder.k. */
function plan(spec: AutoencoderSpec): { encoder: LayerPlan[]; decoder: LayerPlan[] } {
  const { inputSize, hidden, latent } = spec;
  const hiddenActs = Array.isArray(spec.hiddenActivation)
    ? (spec.hiddenActivation as readonly Activation[])
    : hidden.map(() => spec.hiddenActivation as Activation);
  if (hiddenActs.length !== hidden.length) {
    throw new RangeError(`Autoencoder: ${hiddenActs.length} hidden activations for ${hidden.length} hidden layers`);
  }
  for (const size of [inputSize, latent, ...hidden]) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Autoencoder: layer sizes must be positive integers, got ${size}`);
  }
  const widths = [inputSize, ...hidden, latent];
  const encoder: LayerPlan[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const activation = i < hidden.length ? hiddenActs[i]! : spec.latentActivation;
    encoder.push({ name: `encoder.${i}`, inputSize: widths[i]!, outputSize: widths[i + 1]!, activation });
  }
  const back = [...widths].reverse(); // latent, hidden reversed, input
  const decoder: LayerPlan[] = [];
  for (let i = 0; i + 1 < back.length; i++) {
    const last = i + 2 === back.length;
    const activation = last ? spec.outputActivation : hiddenActs[hidden.length - 1 - i]!;
    decoder.push({ name: `decoder.${i}`, inputSize: back[i]!, outputSize: back[i + 1]!, activation });
  }
  return { encoder, decoder };
}

/**
 * An autoencoder of dense layers: input → hidden… → latent (encoder), latent → hidden reversed →
 * input (decoder). As a `Layer` it maps a batch to its reconstruction and back-propagates through
 * both halves; `encode`, `decode` and `reconstruct` return fresh matrices the caller owns.
 */
export class Autoencoder implements Layer {
  readonly spec: AutoencoderSpec;
  readonly encoder: Sequential;
  readonly decoder: Sequential;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly latentSize: number;
  readonly params: readonly Param[];

  private constructor(spec: AutoencoderSpec, make: (p: LayerPlan) => Dense) {
    const p = plan(spec);
    this.spec = spec;
    this.encoder = new Sequential(p.encoder.map(make));
    this.decoder = new Sequential(p.decoder.map(make));
    this.inputSize = spec.inputSize;
    this.outputSize = spec.inputSize;
    this.latentSize = spec.latent;
    this.params = [...this.encoder.params, ...this.decoder.params];
  }

  /** A new autoencoder with freshly initialised weights (biases 0). */
  static create(options: AutoencoderOptions): Autoencoder {
    return new Autoencoder(options, (p) => new Dense({ ...p, initializer: options.initializer, rng: options.rng.fork(p.name) }));
  }

  /**
   * Rebuilds an autoencoder from saved tensors (as given by `tensors()`). Throws a RangeError
   * naming the tensor when one is missing or has the wrong shape.
   */
  static fromTensors(spec: AutoencoderSpec, tensors: Readonly<Record<string, NamedTensor>>): Autoencoder {
    const take = (name: string, shape: number[]): Float64Array => {
      const t = tensors[name];
      if (!t) throw new RangeError(`Autoencoder: tensor ${name} is missing`);
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]) || t.data.length !== shape.reduce((a, b) => a * b, 1)) {
        throw new RangeError(`Autoencoder: tensor ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
      }
      return t.data;
    };
    return new Autoencoder(spec, (p) =>
      new Dense({
        ...p,
        weights: take(`${p.name}.weight`, [p.outputSize, p.inputSize]),
        bias: take(`${p.name}.bias`, [p.outputSize]),
      }),
    );
  }

  /** Every dense layer, encoder first. */
  get layers(): readonly Dense[] {
    return [...this.encoder.layers, ...this.decoder.layers] as Dense[];
  }

  /** Reconstruction of a batch (an internal buffer; for training). */
  forward(x: Matrix): Matrix {
    return this.decoder.forward(this.encoder.forward(x));
  }

  backward(dy: Matrix, needInputGrad = true): Matrix {
    return this.encoder.backward(this.decoder.backward(dy), needInputGrad);
  }

  /** Latent codes of a batch (a new matrix). */
  encode(x: Matrix): Matrix {
    return this.encoder.forward(x).clone();
  }

  /** Outputs for a batch of latent codes (a new matrix). */
  decode(z: Matrix): Matrix {
    return this.decoder.forward(z).clone();
  }

  /** decode(encode(x)) (a new matrix). */
  reconstruct(x: Matrix): Matrix {
    return this.forward(x).clone();
  }

  /**
   * Named weights, `encoder.0.weight` (shape [out, in]), `encoder.0.bias` ([out]), …
   * The data arrays are the live parameters, not copies: copy them to keep a snapshot.
   */
  tensors(): Record<string, NamedTensor> {
    const out: Record<string, NamedTensor> = {};
    for (const l of this.layers) {
      out[`${l.name}.weight`] = { shape: [l.outputSize, l.inputSize], data: l.weights.data };
      out[`${l.name}.bias`] = { shape: [l.outputSize], data: l.bias };
    }
    return out;
  }

  /** Copies saved tensors into this model's parameters (e.g. to restore the best weights seen). */
  loadTensors(tensors: Readonly<Record<string, NamedTensor>>): void {
    const source = Autoencoder.fromTensors(this.spec, tensors); // validates every shape first
    const from = source.params;
    this.params.forEach((p, i) => p.value.set(from[i]!.value));
  }

  /** The architecture as JSON: sizes and activation names per layer. */
  describe(): Record<string, unknown> {
    return {
      type: 'autoencoder',
      inputSize: this.inputSize,
      hidden: [...this.spec.hidden],
      latent: this.latentSize,
      layers: this.layers.map((l) => ({
        name: l.name,
        inputSize: l.inputSize,
        outputSize: l.outputSize,
        activation: l.activation.name,
      })),
    };
  }
}
