import {
  RowCache,
  arenaMatrix,
  defineComponent,
  type AnyMatrix,
  type ComponentPlugin,
  type FloatArray,
  type Layer,
  type LayerBlueprint,
  type Param,
  type Precision,
  type Shape,
  type StateTensor,
} from '@sia/core';
import { allocVector, precisionOf, rounding, type Round } from './precision.js';

interface NormBuffers {
  readonly xhat: AnyMatrix; // (x − mean)/√(var + ε), the last training forward's
  readonly y: AnyMatrix;
  readonly dx: AnyMatrix;
}

/**
 * Batch normalisation (Ioffe & Szegedy, 2015) over the last axis of the item shape: per feature of
 * a flat input, per channel of an h × w × c image (statistics over the batch and every pixel). With
 * N values of a channel in the batch, as PyTorch's BatchNorm1d/2d:
 *
 *   training    μ = Σx/N,  σ² = Σ(x − μ)²/N,  x̂ = (x − μ)/√(σ² + ε),  y = γ·x̂ + β;
 *               running_mean ← (1 − m)·running_mean + m·μ,
 *               running_var  ← (1 − m)·running_var + m·σ²·N/(N − 1)   (unbiased; σ² when N = 1)
 *   evaluation  y = γ·(x − running_mean)/√(running_var + ε) + β
 *   backward    dγ = Σ dy·x̂,  dβ = Σ dy,  dx = γ/(N·√(σ² + ε)) · (N·dy − Σdy − x̂·Σ dy·x̂)
 *               (after an evaluation forward: dx = γ·dy/√(running_var + ε))
 *
 * γ (`.weight`) starts at 1 and β (`.bias`) at 0; the running statistics are state, saved with the
 * model and loaded back, never trained. Sums run in a fixed order, so a seed gives the same bits.
 *
 * With `precision: 'float32'` every tensor and buffer is a Float32Array and each operation above
 * is one float32 operation (`rounding` in `precision.ts`): the sums are float32 sums, ε, the
 * momentum and the constants 1 − m and N/(N − 1) are rounded to float32 first, and a float64
 * input or dY is rounded to float32 as it is read.
 */
export class BatchNorm implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly channels: number;
  readonly name: string;
  readonly gamma: FloatArray;
  readonly beta: FloatArray;
  readonly gammaGrad: FloatArray;
  readonly betaGrad: FloatArray;
  readonly runningMean: FloatArray;
  readonly runningVar: FloatArray;
  readonly params: readonly Param[];
  readonly state: readonly StateTensor[];
  readonly precision: Precision;

  private readonly round: Round;
  private readonly mean: FloatArray;
  private readonly invStd: FloatArray; // 1/√(σ² + ε) of the last forward (batch or running)
  private readonly sumDy: FloatArray;
  private readonly sumDyXhat: FloatArray;
  private readonly cache: RowCache<NormBuffers>;
  private last: NormBuffers | undefined;
  private lastTraining = false;

  constructor(
    inputShape: Shape,
    readonly momentum = 0.1,
    readonly epsilon = 1e-5,
    name = 'batch-norm',
    precision?: Precision,
  ) {
    const size = inputShape.reduce((a, d) => a * d, 1);
    const c = inputShape[inputShape.length - 1]!;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`BatchNorm ${name}: bad input shape ${inputShape.join('x')}`);
    this.name = name;
    this.inputSize = size;
    this.outputSize = size;
    this.channels = c;
    const p = (this.precision = precisionOf(precision));
    this.round = rounding(p);
    const vector = (n: number): FloatArray => allocVector(n, p);
    const local = (n: number): FloatArray => (p === 'float32' ? new Float32Array(n) : new Float64Array(n));
    this.gamma = vector(c).fill(1);
    this.beta = vector(c);
    this.gammaGrad = vector(c);
    this.betaGrad = vector(c);
    this.runningMean = vector(c);
    this.runningVar = vector(c).fill(1);
    this.mean = local(c);
    this.invStd = local(c);
    this.sumDy = local(c);
    this.sumDyXhat = local(c);
    this.params = [
      { name: `${name}.weight`, value: this.gamma, grad: this.gammaGrad, shape: [c] },
      { name: `${name}.bias`, value: this.beta, grad: this.betaGrad, shape: [c] },
    ];
    this.state = [
      { name: `${name}.running_mean`, value: this.runningMean, shape: [c] },
      { name: `${name}.running_var`, value: this.runningVar, shape: [c] },
    ];
    const m = (rows: number): AnyMatrix => arenaMatrix(rows, size, p);
    this.cache = new RowCache((rows) => ({ xhat: m(rows), y: m(rows), dx: m(rows) }));
  }

  forward(x: AnyMatrix, training = false): AnyMatrix {
    const buf = this.cache.get(x.rows);
    const C = this.channels, X = x.data, H = buf.xhat.data, Y = buf.y.data, n = X.length;
    const mean = this.mean, inv = this.invStd, r = this.round, eps = r(this.epsilon);
    if (training) {
      const N = r(n / C);
      mean.fill(0);
      for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) mean[c] = r(mean[c]! + r(X[i + c]!));
      for (let c = 0; c < C; c++) mean[c] = r(mean[c]! / N);
      inv.fill(0); // Σ(x − μ)² first
      for (let i = 0; i < n; i += C) {
        for (let c = 0; c < C; c++) {
          const d = r(r(X[i + c]!) - mean[c]!);
          inv[c] = r(inv[c]! + r(d * d));
        }
      }
      const m = r(this.momentum), keep = r(1 - this.momentum), unbias = r(N > 1 ? N / (N - 1) : 1);
      for (let c = 0; c < C; c++) {
        const variance = r(inv[c]! / N);
        this.runningMean[c] = r(r(keep * this.runningMean[c]!) + r(m * mean[c]!));
        this.runningVar[c] = r(r(keep * this.runningVar[c]!) + r(r(m * variance) * unbias));
        inv[c] = r(1 / r(Math.sqrt(r(variance + eps))));
      }
    } else {
      for (let c = 0; c < C; c++) {
        mean[c] = this.runningMean[c]!;
        inv[c] = r(1 / r(Math.sqrt(r(this.runningVar[c]! + eps))));
      }
    }
    const g = this.gamma, b = this.beta;
    for (let i = 0; i < n; i += C) {
      for (let c = 0; c < C; c++) {
        const h = r(r(r(X[i + c]!) - mean[c]!) * inv[c]!);
        H[i + c] = h;
        Y[i + c] = r(r(g[c]! * h) + b[c]!);
      }
    }
    this.last = buf;
    this.lastTraining = training;
    return buf.y;
  }

  backward(dy: AnyMatrix, needInputGrad = true): AnyMatrix {
    const buf = this.last;
    if (buf === undefined || dy.rows !== buf.y.rows) throw new Error(`bug: BatchNorm ${this.name}: backward without a matching forward`);
    const C = this.channels, G = dy.data, H = buf.xhat.data, D = buf.dx.data, n = G.length, r = this.round;
    const sDy = this.sumDy.fill(0), sDyH = this.sumDyXhat.fill(0);
    for (let i = 0; i < n; i += C) {
      for (let c = 0; c < C; c++) {
        const gv = r(G[i + c]!);
        sDy[c] = r(sDy[c]! + gv);
        sDyH[c] = r(sDyH[c]! + r(gv * H[i + c]!));
      }
    }
    this.gammaGrad.set(sDyH);
    this.betaGrad.set(sDy);
    if (!needInputGrad) return buf.dx;
    const g = this.gamma, inv = this.invStd;
    if (this.lastTraining) {
      const N = r(n / C);
      for (let i = 0; i < n; i += C) {
        for (let c = 0; c < C; c++) {
          D[i + c] = r(r(r(g[c]! * inv[c]!) / N) * r(r(r(N * r(G[i + c]!)) - sDy[c]!) - r(H[i + c]! * sDyH[c]!)));
        }
      }
    } else {
      for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) D[i + c] = r(r(g[c]! * inv[c]!) * r(G[i + c]!));
    }
    return buf.dx;
  }
}

export interface BatchNormConfig {
  readonly momentum?: number;
  readonly epsilon?: number;
}

/** `layer/batch-norm`: batch normalisation over the last axis (features, or image channels). */
export const batchNormPlugin: ComponentPlugin<'layer', BatchNormConfig> = defineComponent<'layer', BatchNormConfig>({
  kind: 'layer',
  name: 'batch-norm',
  version: '0.1.0',
  description: 'Batch normalisation over the last axis (per feature, or per image channel); running statistics saved with the model.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      momentum: { type: 'number', minimum: 0, maximum: 1, default: 0.1, description: 'Weight of the batch statistics in the running averages (PyTorch convention).' },
      epsilon: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 1e-5, description: 'Added to the variance before the square root.' },
    },
  },
  create(config: BatchNormConfig): LayerBlueprint {
    const momentum = config.momentum ?? 0.1, epsilon = config.epsilon ?? 1e-5;
    return {
      outputShape: (input) => input,
      build: (b) => new BatchNorm(b.inputShape, momentum, epsilon, b.name, b.precision),
      float32: true,
      mirror: () => [],
    };
  },
});
