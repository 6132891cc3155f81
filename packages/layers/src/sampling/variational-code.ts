import { Matrix, RowCache, type AnyMatrix, type Layer, type Param, type Penalty, type Precision, type Rng } from '@sia/core';
import { Reparameterize, addGaussianKlGradient, gaussianKl } from './reparameterize.js';

interface CodeBuffers {
  readonly eps: AnyMatrix; // the noise of this batch
  readonly dMean: AnyMatrix;
  readonly dLogvar: AnyMatrix;
  readonly dInput: AnyMatrix; // sum of both heads' input gradients
}

/**
 * The code layer of a variational autoencoder (Kingma & Welling, 2014): two heads read the
 * encoder's last hidden state h,
 *
 *   μ = head_μ(h),  ℓ = head_ℓ(h),  z = μ + exp(ℓ/2) ∘ ε,  ε ~ N(0, I) drawn from the noise stream,
 *
 * and the layer's penalty is KL(N(μ, diag e^ℓ) ‖ N(0, I)) per item, weighted by `weightAt(epoch)`
 * (β, times a warm-up factor). In evaluation the code is the mean μ, with no draw, so encoding and
 * reconstructing are deterministic. Backward runs through the sampling, adds the KL gradient,
 * then back through both heads and sums their input gradients.
 *
 * `precision` is the heads' (float32 in a float32 network): every buffer is made in it, ε is drawn
 * in float64 and rounded.
 */
export class VariationalCode implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params: readonly Param[];
  readonly penalty: Penalty = { name: 'kl', value: 0, weight: 1 };
  readonly sampling: Reparameterize;

  private readonly cache: RowCache<CodeBuffers>;
  private fixedEps: AnyMatrix | undefined;
  private mean: AnyMatrix | undefined;
  private logvar: AnyMatrix | undefined;

  constructor(
    readonly meanHead: Layer,
    readonly logvarHead: Layer,
    private readonly noise: Rng,
    private readonly weightAt: (epoch: number, epochs: number) => number,
    readonly precision: Precision = 'float64',
  ) {
    if (meanHead.inputSize !== logvarHead.inputSize || meanHead.outputSize !== logvarHead.outputSize) {
      throw new RangeError('VariationalCode: the mean and log-variance heads must have the same shapes');
    }
    this.inputSize = meanHead.inputSize;
    this.outputSize = meanHead.outputSize;
    this.params = [...meanHead.params, ...logvarHead.params];
    this.sampling = new Reparameterize(this.outputSize, precision);
    this.penalty.weight = weightAt(1, 1);
    const k = this.outputSize, n = this.inputSize;
    this.cache = new RowCache((rows) => ({
      eps: Matrix.zeros(rows, k, precision),
      dMean: Matrix.zeros(rows, k, precision),
      dLogvar: Matrix.zeros(rows, k, precision),
      dInput: Matrix.zeros(rows, n, precision),
    }));
  }

  startEpoch(epoch: number, epochs: number): void {
    this.penalty.weight = this.weightAt(epoch, epochs);
  }

  /**
   * Holds ε fixed (a batch-shaped matrix used by every training forward) instead of drawing it, so
   * the objective is a deterministic function of the weights, as a finite-difference check needs.
   * `undefined` goes back to drawing.
   */
  fixNoise(eps: AnyMatrix | undefined): void {
    this.fixedEps = eps;
  }

  forward(h: AnyMatrix, training = false): AnyMatrix {
    if (!training) return this.meanHead.forward(h, false);
    const buf = this.cache.get(h.rows);
    const eps = this.fixedEps ?? buf.eps;
    if (this.fixedEps === undefined) Reparameterize.drawNoise(this.noise, eps);
    const mean = this.meanHead.forward(h, true);
    const logvar = this.logvarHead.forward(h, true);
    this.mean = mean;
    this.logvar = logvar;
    this.penalty.value = gaussianKl(mean, logvar);
    return this.sampling.forward(mean, logvar, eps);
  }

  backward(dz: AnyMatrix, needInputGrad = true): AnyMatrix {
    const mean = this.mean, logvar = this.logvar;
    if (mean === undefined || logvar === undefined) throw new Error('bug: VariationalCode.backward without a training forward');
    const buf = this.cache.get(dz.rows);
    this.sampling.backward(dz, buf.dMean, buf.dLogvar);
    addGaussianKlGradient(mean, logvar, this.penalty.weight, buf.dMean, buf.dLogvar);
    const a = this.meanHead.backward(buf.dMean, needInputGrad);
    const b = this.logvarHead.backward(buf.dLogvar, needInputGrad);
    if (needInputGrad) {
      const D = buf.dInput.data, A = a.data, B = b.data;
      for (let i = 0; i < D.length; i++) D[i] = A[i]! + B[i]!;
    }
    return buf.dInput;
  }
}
