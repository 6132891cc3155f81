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
  type Rng,
} from '@sia/core';
import { allocVector, precisionOf, rounding, type Round } from './precision.js';

interface DropoutBuffers {
  readonly mask: FloatArray; // 0 or 1/(1 − rate) per value
  readonly y: AnyMatrix;
  readonly dx: AnyMatrix;
}

/**
 * Inverted dropout (Srivastava et al., 2014). In training each value is kept with probability
 * 1 − rate and scaled by 1/(1 − rate), so E[y] = x and evaluation needs no rescaling:
 *
 *   m_i = (u_i < 1 − rate) / (1 − rate),  u_i ~ U[0, 1) drawn from `noise`, one per value in
 *   row-major order of the batch;   y = m ∘ x;   dx = m ∘ dy
 *
 * In evaluation the layer is the identity: forward returns x and backward dy, with no draw.
 *
 * With `precision: 'float32'` the mask and buffers are Float32Arrays, the scale is 1/(1 − rate)
 * rounded to float32, and each product is one float32 multiplication (a float64 input rounded
 * to float32 first). The draws and the comparison are those of a float64 layer, so a seed drops
 * the same values in both precisions.
 */
export class Dropout implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params: readonly Param[] = [];
  readonly precision: Precision;
  private readonly round: Round;
  private readonly scale: number; // 1/(1 − rate), rounded to float32 in a float32 layer
  private readonly cache: RowCache<DropoutBuffers>;
  private last: DropoutBuffers | undefined; // undefined after an evaluation forward

  constructor(
    size: number,
    readonly rate: number,
    private readonly noise: Rng,
    precision?: Precision,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Dropout: size must be a positive integer, got ${size}`);
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`Dropout: rate must be in [0, 1), got ${rate}`);
    this.inputSize = size;
    this.outputSize = size;
    const p = (this.precision = precisionOf(precision));
    this.round = rounding(p);
    this.scale = this.round(1 / (1 - rate));
    this.cache = new RowCache((rows) => ({ mask: allocVector(rows * size, p), y: arenaMatrix(rows, size, p), dx: arenaMatrix(rows, size, p) }));
  }

  forward(x: AnyMatrix, training = false): AnyMatrix {
    if (!training) {
      this.last = undefined;
      return x;
    }
    const buf = this.cache.get(x.rows);
    const keep = 1 - this.rate, scale = this.scale, r = this.round;
    const M = buf.mask, X = x.data, Y = buf.y.data;
    for (let i = 0; i < M.length; i++) {
      const m = this.noise.uniform() < keep ? scale : 0;
      M[i] = m;
      Y[i] = r(m * r(X[i]!));
    }
    this.last = buf;
    return buf.y;
  }

  backward(dy: AnyMatrix, needInputGrad = true): AnyMatrix {
    const buf = this.last;
    if (buf === undefined) return dy; // evaluation: the identity
    if (dy.rows !== buf.y.rows) throw new Error('bug: Dropout: backward without a matching forward');
    if (needInputGrad) {
      const M = buf.mask, G = dy.data, D = buf.dx.data, r = this.round;
      for (let i = 0; i < M.length; i++) D[i] = r(M[i]! * r(G[i]!));
    }
    return buf.dx;
  }
}

export interface DropoutConfig {
  readonly rate?: number;
}

/** `layer/dropout`: inverted dropout in training, the identity in evaluation. */
export const dropoutPlugin: ComponentPlugin<'layer', DropoutConfig> = defineComponent<'layer', DropoutConfig>({
  kind: 'layer',
  name: 'dropout',
  version: '0.1.0',
  description: 'Inverted dropout: in training zeroes each value with probability rate and scales the rest by 1/(1-rate); identity in evaluation.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      rate: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.5, description: 'Probability of dropping each value in training.' },
    },
  },
  create(config: DropoutConfig): LayerBlueprint {
    const rate = config.rate ?? 0.5;
    return {
      outputShape: (input) => input,
      build: (b) => new Dropout(b.inputShape.reduce((a, d) => a * d, 1), rate, b.noise, b.precision),
      float32: true,
      mirror: () => [],
    };
  },
});
