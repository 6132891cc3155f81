import {
  Matrix,
  RowCache,
  allocF64,
  defineComponent,
  type ComponentPlugin,
  type Layer,
  type LayerBlueprint,
  type Param,
  type Shape,
  type StateTensor,
} from '@sia/core';

interface NormBuffers {
  readonly xhat: Matrix; // (x − mean)/√(var + ε), the last training forward's
  readonly y: Matrix;
  readonly dx: Matrix;
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
 */
export class BatchNorm implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly channels: number;
  readonly name: string;
  readonly gamma: Float64Array;
  readonly beta: Float64Array;
  readonly gammaGrad: Float64Array;
  readonly betaGrad: Float64Array;
  readonly runningMean: Float64Array;
  readonly runningVar: Float64Array;
  readonly params: readonly Param[];
  readonly state: readonly StateTensor[];

  private readonly mean: Float64Array;
  private readonly invStd: Float64Array; // 1/√(σ² + ε) of the last forward (batch or running)
  private readonly sumDy: Float64Array;
  private readonly sumDyXhat: Float64Array;
  private readonly cache: RowCache<NormBuffers>;
  private last: NormBuffers | undefined;
  private lastTraining = false;

  constructor(
    inputShape: Shape,
    readonly momentum = 0.1,
    readonly epsilon = 1e-5,
    name = 'batch-norm',
  ) {
    const size = inputShape.reduce((a, d) => a * d, 1);
    const c = inputShape[inputShape.length - 1]!;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`BatchNorm ${name}: bad input shape ${inputShape.join('x')}`);
    this.name = name;
    this.inputSize = size;
    this.outputSize = size;
    this.channels = c;
    this.gamma = allocF64(c).fill(1);
    this.beta = allocF64(c);
    this.gammaGrad = allocF64(c);
    this.betaGrad = allocF64(c);
    this.runningMean = allocF64(c);
    this.runningVar = allocF64(c).fill(1);
    this.mean = new Float64Array(c);
    this.invStd = new Float64Array(c);
    this.sumDy = new Float64Array(c);
    this.sumDyXhat = new Float64Array(c);
    this.params = [
      { name: `${name}.weight`, value: this.gamma, grad: this.gammaGrad, shape: [c] },
      { name: `${name}.bias`, value: this.beta, grad: this.betaGrad, shape: [c] },
    ];
    this.state = [
      { name: `${name}.running_mean`, value: this.runningMean, shape: [c] },
      { name: `${name}.running_var`, value: this.runningVar, shape: [c] },
    ];
    const m = (rows: number): Matrix => new Matrix(rows, size, allocF64(rows * size));
    this.cache = new RowCache((rows) => ({ xhat: m(rows), y: m(rows), dx: m(rows) }));
  }

  forward(x: Matrix, training = false): Matrix {
    const buf = this.cache.get(x.rows);
    const C = this.channels, X = x.data, H = buf.xhat.data, Y = buf.y.data, n = X.length;
    const mean = this.mean, inv = this.invStd;
    if (training) {
      const N = n / C;
      mean.fill(0);
      for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) mean[c] += X[i + c]!;
      for (let c = 0; c < C; c++) mean[c] /= N;
      inv.fill(0); // Σ(x − μ)² first
      for (let i = 0; i < n; i += C) {
        for (let c = 0; c < C; c++) {
          const d = X[i + c]! - mean[c]!;
          inv[c] += d * d;
        }
      }
      const m = this.momentum, unbias = N > 1 ? N / (N - 1) : 1;
      for (let c = 0; c < C; c++) {
        const variance = inv[c]! / N;
        this.runningMean[c] = (1 - m) * this.runningMean[c]! + m * mean[c]!;
        this.runningVar[c] = (1 - m) * this.runningVar[c]! + m * variance * unbias;
        inv[c] = 1 / Math.sqrt(variance + this.epsilon);
      }
    } else {
      for (let c = 0; c < C; c++) {
        mean[c] = this.runningMean[c]!;
        inv[c] = 1 / Math.sqrt(this.runningVar[c]! + this.epsilon);
      }
    }
    const g = this.gamma, b = this.beta;
    for (let i = 0; i < n; i += C) {
      for (let c = 0; c < C; c++) {
        const h = (X[i + c]! - mean[c]!) * inv[c]!;
        H[i + c] = h;
        Y[i + c] = g[c]! * h + b[c]!;
      }
    }
    this.last = buf;
    this.lastTraining = training;
    return buf.y;
  }

  backward(dy: Matrix, needInputGrad = true): Matrix {
    const buf = this.last;
    if (buf === undefined || dy.rows !== buf.y.rows) throw new Error(`bug: BatchNorm ${this.name}: backward without a matching forward`);
    const C = this.channels, G = dy.data, H = buf.xhat.data, D = buf.dx.data, n = G.length;
    const sDy = this.sumDy.fill(0), sDyH = this.sumDyXhat.fill(0);
    for (let i = 0; i < n; i += C) {
      for (let c = 0; c < C; c++) {
        sDy[c] += G[i + c]!;
        sDyH[c] += G[i + c]! * H[i + c]!;
      }
    }
    this.gammaGrad.set(sDyH);
    this.betaGrad.set(sDy);
    if (!needInputGrad) return buf.dx;
    const g = this.gamma, inv = this.invStd;
    if (this.lastTraining) {
      const N = n / C;
      for (let i = 0; i < n; i += C) {
        for (let c = 0; c < C; c++) {
          D[i + c] = ((g[c]! * inv[c]!) / N) * (N * G[i + c]! - sDy[c]! - H[i + c]! * sDyH[c]!);
        }
      }
    } else {
      for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) D[i + c] = g[c]! * inv[c]! * G[i + c]!;
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
      build: (b) => new BatchNorm(b.inputShape, momentum, epsilon, b.name),
      mirror: () => [],
    };
  },
});
