import { Dense, Matrix, RowCache, Sequential, type Activation, type Initializer, type Loss, type NamedTensor, type Param, type Rng, type Trainable } from '@sia/core';
import { Linear, Reparameterize, addGaussianKlGradient, gaussianKl } from '@sia/layers';

/** A named weight tensor (row-major), as saved to and loaded from safetensors (core's `NamedTensor`). */
export type VaeTensor = NamedTensor;

/** The architecture of a variational autoencoder. */
export interface VariationalSpec {
  readonly inputSize: number;
  /** Hidden widths of the encoder, input side first; the decoder uses them reversed. */
  readonly hidden: readonly number[];
  readonly latent: number;
  readonly hiddenActivation: Activation;
  readonly outputActivation: Activation;
}

interface LayerPlan {
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation;
}

/** The heads are affine: μ and ℓ = log σ² range over all reals. */
const IDENTITY: Activation = new Linear();

/** encoder.0 … encoder.(k−1), mean, logvar, decoder.0 … decoder.k (k = hidden.length). */
function plan(spec: VariationalSpec): { encoder: LayerPlan[]; mean: LayerPlan; logvar: LayerPlan; decoder: LayerPlan[] } {
  const { inputSize, hidden, latent } = spec;
  for (const size of [inputSize, latent, ...hidden]) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`VariationalNetwork: layer sizes must be positive integers, got ${size}`);
  }
  const widths = [inputSize, ...hidden];
  const encoder = hidden.map((w, i) => ({ name: `encoder.${i}`, inputSize: widths[i]!, outputSize: w, activation: spec.hiddenActivation }));
  const top = widths[widths.length - 1]!;
  const back = [latent, ...[...hidden].reverse(), inputSize];
  const decoder: LayerPlan[] = [];
  for (let i = 0; i + 1 < back.length; i++) {
    const activation = i + 2 === back.length ? spec.outputActivation : spec.hiddenActivation;
    decoder.push({ name: `decoder.${i}`, inputSize: back[i]!, outputSize: back[i + 1]!, activation });
  }
  return {
    encoder,
    mean: { name: 'mean', inputSize: top, outputSize: latent, activation: IDENTITY },
    logvar: { name: 'logvar', inputSize: top, outputSize: latent, activation: IDENTITY },
    decoder,
  };
}

interface StepBuffers {
  readonly eps: Matrix; // the noise of this batch
  readonly dOut: Matrix; // d(reconstruction loss)/d(output)
  readonly dMean: Matrix;
  readonly dLogvar: Matrix;
  readonly dHidden: Matrix; // sum of both heads' input gradients
}

/**
 * A variational autoencoder of dense layers (Kingma & Welling, 2014):
 *
 *   h = encoder(x),  μ = W_μ h + b_μ,  ℓ = W_ℓ h + b_ℓ,  z = μ + exp(ℓ/2) ∘ ε,  x̂ = decoder(z)
 *   L = rec(x̂, x) + w · KL(N(μ, diag e^ℓ) ‖ N(0, I))
 *
 * with ε ~ N(0, I) drawn per item from the stream given to `trainStep`'s owner, and w the KL
 * weight (β, times the warm-up factor). As a core `Trainable`, `fit` runs it: each step does
 * forward, loss, backward through decoder, sampling, both heads (their input gradients summed)
 * and encoder, overwriting every parameter's gradient. Buffers are made once per batch size.
 */
export class VariationalNetwork implements Trainable {
  readonly spec: VariationalSpec;
  readonly encoder: Sequential | undefined;
  readonly meanHead: Dense;
  readonly logvarHead: Dense;
  readonly decoder: Sequential;
  readonly sampling: Reparameterize;
  readonly inputSize: number;
  readonly latentSize: number;
  readonly params: readonly Param[];
  /** Weight of the KL term in the next `trainStep` (β times the warm-up factor). */
  klWeight = 1;
  /** Terms of the last `trainStep` (per item, averaged over its batch). */
  lastReconstruction = 0;
  lastKl = 0;

  private readonly cache: RowCache<StepBuffers>;
  private loss: Loss | undefined;
  private rng: Rng | undefined;
  private fixedEps: Matrix | undefined;

  private constructor(spec: VariationalSpec, make: (p: LayerPlan) => Dense) {
    const p = plan(spec);
    this.spec = spec;
    this.encoder = p.encoder.length > 0 ? new Sequential(p.encoder.map(make)) : undefined;
    this.meanHead = make(p.mean);
    this.logvarHead = make(p.logvar);
    this.decoder = new Sequential(p.decoder.map(make));
    this.sampling = new Reparameterize(spec.latent);
    this.inputSize = spec.inputSize;
    this.latentSize = spec.latent;
    this.params = [...(this.encoder?.params ?? []), ...this.meanHead.params, ...this.logvarHead.params, ...this.decoder.params];
    const top = p.mean.inputSize;
    this.cache = new RowCache((rows) => ({
      eps: new Matrix(rows, spec.latent),
      dOut: new Matrix(rows, spec.inputSize),
      dMean: new Matrix(rows, spec.latent),
      dLogvar: new Matrix(rows, spec.latent),
      dHidden: new Matrix(rows, top),
    }));
  }

  /** Fresh weights: each layer's from `rng.fork(layerName)`, biases 0. */
  static create(spec: VariationalSpec, initializer: Initializer, rng: Rng): VariationalNetwork {
    return new VariationalNetwork(spec, (p) => new Dense({ ...p, initializer, rng: rng.fork(p.name) }));
  }

  /** Rebuilds a network from `tensors()`; throws a RangeError naming a missing or misshapen tensor. */
  static fromTensors(spec: VariationalSpec, tensors: Readonly<Record<string, VaeTensor>>): VariationalNetwork {
    const take = (name: string, shape: number[]): Float64Array => {
      const t = tensors[name];
      if (!t) throw new RangeError(`VariationalNetwork: tensor ${name} is missing`);
      const size = shape.reduce((a, b) => a * b, 1);
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]) || t.data.length !== size) {
        throw new RangeError(`VariationalNetwork: tensor ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
      }
      return t.data;
    };
    return new VariationalNetwork(spec, (p) =>
      new Dense({ ...p, weights: take(`${p.name}.weight`, [p.outputSize, p.inputSize]), bias: take(`${p.name}.bias`, [p.outputSize]) }),
    );
  }

  /** The dense layers in order: encoder, mean head, log-variance head, decoder. */
  get layers(): Dense[] {
    const enc = (this.encoder?.layers ?? []) as Dense[];
    return [...enc, this.meanHead, this.logvarHead, ...(this.decoder.layers as Dense[])];
  }

  /** Sets the reconstruction loss and the stream ε is drawn from; needed before `trainStep`. */
  prepare(loss: Loss, rng: Rng): this {
    this.loss = loss;
    this.rng = rng;
    return this;
  }

  /**
   * Holds ε fixed (a batch-shaped matrix, used for every step) instead of drawing it, so the
   * objective is a deterministic function of the weights: what a finite-difference check needs.
   * `undefined` goes back to drawing.
   */
  fixNoise(eps: Matrix | undefined): void {
    this.fixedEps = eps;
  }

  /** Encoder hidden state of a batch (internal buffer). */
  private hidden(x: Matrix): Matrix {
    return this.encoder ? this.encoder.forward(x) : x;
  }

  /** μ and ℓ of a batch (internal buffers, valid until the next forward). */
  heads(x: Matrix): { mean: Matrix; logvar: Matrix } {
    const h = this.hidden(x);
    return { mean: this.meanHead.forward(h), logvar: this.logvarHead.forward(h) };
  }

  /** The objective of a batch for the given ε, without touching gradients (for checks). */
  objective(x: Matrix, target: Matrix, eps: Matrix): number {
    const { mean, logvar } = this.heads(x);
    const y = this.decoder.forward(this.sampling.forward(mean, logvar, eps));
    return this.loss!.value(y, target) + this.klWeight * gaussianKl(mean, logvar);
  }

  /** One batch: forward, loss, backward. OVERWRITES every gradient; returns rec + w·KL. */
  trainStep(x: Matrix, target: Matrix): number {
    const loss = this.loss;
    if (loss === undefined || (this.rng === undefined && this.fixedEps === undefined)) {
      throw new Error('bug: VariationalNetwork.trainStep before prepare()');
    }
    const buf = this.cache.get(x.rows);
    const eps = this.fixedEps ?? buf.eps;
    if (this.fixedEps === undefined) Reparameterize.drawNoise(this.rng!, eps);

    const h = this.hidden(x);
    const mean = this.meanHead.forward(h);
    const logvar = this.logvarHead.forward(h);
    const z = this.sampling.forward(mean, logvar, eps);
    const y = this.decoder.forward(z);
    const rec = loss.value(y, target);
    const kl = gaussianKl(mean, logvar);
    this.lastReconstruction = rec;
    this.lastKl = kl;

    loss.gradient(y, target, buf.dOut);
    const dz = this.decoder.backward(buf.dOut, true);
    this.sampling.backward(dz, buf.dMean, buf.dLogvar);
    addGaussianKlGradient(mean, logvar, this.klWeight, buf.dMean, buf.dLogvar);
    const needInput = this.encoder !== undefined;
    const dh1 = this.meanHead.backward(buf.dMean, needInput);
    const dh2 = this.logvarHead.backward(buf.dLogvar, needInput);
    if (this.encoder) {
      const D = buf.dHidden.data, A = dh1.data, B = dh2.data;
      for (let i = 0; i < D.length; i++) D[i] = A[i]! + B[i]!;
      this.encoder.backward(buf.dHidden, false);
    }
    return rec + this.klWeight * kl;
  }

  /** The mean codes μ of a batch (a fresh matrix). */
  encode(x: Matrix): Matrix {
    return this.meanHead.forward(this.hidden(x)).clone();
  }

  /** Decoded outputs of latent codes (a fresh matrix). */
  decode(z: Matrix): Matrix {
    return this.decoder.forward(z).clone();
  }

  /** decode(μ(x)): the reconstruction from the mean code, no sampling. */
  reconstruct(x: Matrix): Matrix {
    return this.decoder.forward(this.meanHead.forward(this.hidden(x))).clone();
  }

  /** Named weight tensors (copies). */
  tensors(): Record<string, VaeTensor> {
    const out: Record<string, VaeTensor> = {};
    for (const l of this.layers) {
      out[`${l.name}.weight`] = { shape: [l.outputSize, l.inputSize], data: l.weights.data.slice() };
      out[`${l.name}.bias`] = { shape: [l.outputSize], data: l.bias.slice() };
    }
    return out;
  }

  /** The architecture as JSON: sizes and activation names per layer. */
  describe(): Record<string, unknown> {
    return {
      type: 'variational-autoencoder',
      inputSize: this.inputSize,
      hidden: [...this.spec.hidden],
      latent: this.latentSize,
      layers: this.layers.map((l) => ({ name: l.name, inputSize: l.inputSize, outputSize: l.outputSize, activation: l.activation.name })),
    };
  }
}
