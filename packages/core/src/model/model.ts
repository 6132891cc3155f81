import type { AnyMatrix, FloatArray, Matrix, Precision } from '../tensor/matrix.js';
import type { Rng } from '../rng/rng.js';
import { Sequential } from '../nn/sequential.js';
import { shapeSize, type Initializer, type Layer, type Param, type Penalty, type Shape, type StateTensor } from '../nn/types.js';
import type { ModelPlan, ModelSpec } from './architecture.js';

/** A named tensor (row-major), as saved to and loaded from safetensors. */
export interface NamedTensor {
  readonly shape: number[];
  /** Float64Array, or Float32Array for the live tensors of a float32 model. */
  readonly data: FloatArray;
}

/** The streams and defaults a model's layers are built with. */
export interface ModelBuild {
  /** Root stream of the initial weights; layer `encoder.0` draws from `weights.fork('encoder.0')`. */
  readonly weights: Rng;
  /** The stage's stream for draws in training (dropout masks, variational noise). */
  readonly noise: Rng;
  /** Initial weights of layers that do not name their own initializer. */
  readonly initializer: Initializer;
}

/** A float64 copy of `m` (a clone when it is float64 already, an exact widening when float32). */
function float64Copy(m: AnyMatrix): Matrix {
  return m.data instanceof Float64Array ? (m as Matrix).clone() : m.to('float64');
}

/**
 * An autoencoder of any layers: `encoder` (input → code, its last layer the problem's code layer)
 * then `decoder` (code → reconstruction). As a `Layer` it maps a batch to its reconstruction and
 * back-propagates through both halves; `encode`, `decode` and `reconstruct` evaluate (no dropout,
 * running statistics, the mean code) and return fresh matrices the caller owns.
 *
 * Its `spec` is plain JSON: saved beside the weights, it rebuilds the same network through the
 * layer and problem plugins (`planModel`, then `Model.build`, then `loadTensors`).
 */
export class Model implements Layer {
  readonly spec: ModelSpec;
  readonly encoder: Sequential;
  readonly decoder: Sequential;
  readonly inputShape: Shape;
  readonly codeShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly latentSize: number;
  readonly params: readonly Param[];
  readonly state: readonly StateTensor[];
  /** Extra objective terms (KL, activity penalties), in layer order. */
  readonly penalties: readonly Penalty[];
  /** Tensor-name prefix and item shapes of every layer, encoder first. */
  readonly layerInfo: readonly { readonly name: string; readonly type: string; readonly inputShape: Shape; readonly outputShape: Shape }[];
  /** The precision of the weights, activations and gradients (`spec.precision`, float64 when absent). */
  readonly precision: Precision;

  private constructor(plan: ModelPlan, build: ModelBuild) {
    const { spec } = plan;
    this.spec = spec;
    const precision = spec.precision ?? 'float64';
    this.precision = precision;
    const info: { name: string; type: string; inputShape: Shape; outputShape: Shape }[] = [];
    const make = (part: 'encoder' | 'decoder', bps: ModelPlan['encoder'], shapes: readonly Shape[]): Layer[] =>
      bps.map((bp, i) => {
        const name = `${part}.${i}`;
        info.push({ name, type: spec[part][i]!.type, inputShape: shapes[i]!, outputShape: shapes[i + 1]! });
        // Only a float32 model says so: a float64 layer is built exactly as before precisions existed.
        const common = { name, inputShape: shapes[i]!, weights: build.weights, noise: build.noise, initializer: build.initializer };
        return bp.build(precision === 'float32' ? { ...common, precision } : common);
      });
    this.encoder = new Sequential(make('encoder', plan.encoder, plan.encoderShapes));
    this.decoder = new Sequential(make('decoder', plan.decoder, plan.decoderShapes));
    this.layerInfo = info;
    this.inputShape = spec.inputShape;
    this.codeShape = plan.encoderShapes[plan.encoderShapes.length - 1]!;
    this.inputSize = shapeSize(this.inputShape);
    this.outputSize = this.decoder.outputSize;
    this.latentSize = shapeSize(this.codeShape);
    this.params = [...this.encoder.params, ...this.decoder.params];
    this.state = [...this.encoder.state, ...this.decoder.state];
    this.penalties = [...this.encoder.penalties, ...this.decoder.penalties];
  }

  /** A new model with freshly initialised weights, from a checked plan (`planModel`). */
  static build(plan: ModelPlan, build: ModelBuild): Model {
    return new Model(plan, build);
  }

  /**
   * Reconstruction of a batch (an internal buffer in the model's precision; for training). A
   * float32 model takes float64 input too: its first layer rounds it to float32.
   */
  forward(x: AnyMatrix, training = false): AnyMatrix {
    return this.decoder.forward(this.encoder.forward(x, training), training);
  }

  backward(dy: AnyMatrix, needInputGrad = true): AnyMatrix {
    return this.encoder.backward(this.decoder.backward(dy), needInputGrad);
  }

  startEpoch(epoch: number, epochs: number): void {
    this.encoder.startEpoch(epoch, epochs);
    this.decoder.startEpoch(epoch, epochs);
  }

  /**
   * Latent codes of a batch (a new float64 matrix; the mean code of a variational model). A
   * float32 model's values are widened exactly, so everything after the network sees float64.
   */
  encode(x: AnyMatrix): Matrix {
    return float64Copy(this.encoder.forward(x, false));
  }

  /** Outputs for a batch of latent codes (a new float64 matrix). */
  decode(z: AnyMatrix): Matrix {
    return float64Copy(this.decoder.forward(z, false));
  }

  /** decode(encode(x)) (a new float64 matrix). */
  reconstruct(x: AnyMatrix): Matrix {
    return float64Copy(this.forward(x, false));
  }

  /**
   * Every saved tensor: parameters (`encoder.0.weight`, ...) and state (`encoder.2.running_mean`).
   * The data arrays are the live ones, not copies: copy them to keep a snapshot.
   */
  tensors(): Record<string, NamedTensor> {
    const out: Record<string, NamedTensor> = {};
    for (const p of this.params) out[p.name] = { shape: [...(p.shape ?? [p.value.length])], data: p.value };
    for (const s of this.state) out[s.name] = { shape: [...s.shape], data: s.value };
    return out;
  }

  /**
   * Copies saved tensors into this model (to revive a saved model, or restore the best weights
   * seen). Checks every name and shape first and throws a RangeError naming the first misfit;
   * extra tensors are an error too, since they mean the files describe another network.
   */
  loadTensors(tensors: Readonly<Record<string, NamedTensor>>): void {
    const own = this.tensors();
    for (const [name, t] of Object.entries(own)) {
      const given = tensors[name];
      if (given === undefined) throw new RangeError(`tensor ${name} is missing`);
      const sizeOk = given.data.length === t.data.length;
      if (!sizeOk || given.shape.length !== t.shape.length || given.shape.some((d, i) => d !== t.shape[i])) {
        throw new RangeError(`tensor ${name} has shape [${given.shape.join(', ')}], expected [${t.shape.join(', ')}]`);
      }
    }
    for (const name of Object.keys(tensors)) if (own[name] === undefined) throw new RangeError(`tensor ${name} belongs to no layer of this model`);
    for (const [name, t] of Object.entries(own)) t.data.set(tensors[name]!.data);
  }

  /** The architecture as JSON: the spec, and each layer's name, type and shapes. */
  describe(): Record<string, unknown> {
    return {
      inputShape: [...this.inputShape],
      codeShape: [...this.codeShape],
      layers: this.layerInfo.map((l) => ({ name: l.name, type: l.type, inputShape: [...l.inputShape], outputShape: [...l.outputShape] })),
    };
  }
}
