// @ts-check
/**
 * The layer `acme:gaussian-noise`: y = x + std·ε with ε ~ N(0, 1) drawn afresh for every value of
 * every training batch from the stage's noise stream (`b.noise`), so a seed gives the same draws;
 * at evaluation (and so in a saved model's inference) it is the identity. dy passes straight
 * through: the noise does not depend on x. A regulariser in the spirit of Keras' GaussianNoise.
 */
import { Matrix, RowCache } from '@sia/core';

/** @typedef {import('@sia/core').Layer} Layer */
/** @typedef {import('@sia/core').Rng} Rng */
/** @typedef {{ std: number }} GaussianNoiseConfig */

/** @implements {Layer} */
export class GaussianNoiseLayer {
  /**
   * @param {number} size values per item
   * @param {number} std standard deviation of the noise
   * @param {Rng} noise the stream to draw from
   */
  constructor(size, std, noise) {
    this.inputSize = size;
    this.outputSize = size;
    this.std = std;
    this.noise = noise;
    /** @type {readonly import('@sia/core').Param[]} */
    this.params = [];
    /** @type {RowCache<Matrix>} */
    this.cache = new RowCache((rows) => new Matrix(rows, size));
  }

  /** @param {Matrix} x @param {boolean} [training] */
  forward(x, training = false) {
    if (!training) return x;
    const y = this.cache.get(x.rows);
    const X = x.data, Y = y.data, s = this.std;
    for (let i = 0; i < X.length; i++) Y[i] = X[i] + s * this.noise.normal();
    return y;
  }

  /** @param {Matrix} dy */
  backward(dy) {
    return dy;
  }
}

/** @type {import('@sia/core').ComponentPlugin<'layer', GaussianNoiseConfig>} */
const layerPlugin = {
  kind: 'layer',
  name: 'acme:gaussian-noise',
  version: '0.1.0',
  description: 'Adds gaussian noise N(0, std^2) to its input in training; the identity at evaluation.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      std: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 0.1, description: 'Standard deviation of the noise.' },
    },
  },
  create(config) {
    const std = config.std ?? 0.1;
    /** @type {import('@sia/core').LayerBlueprint} */
    const blueprint = {
      outputShape: (input) => input,
      build: (b) => new GaussianNoiseLayer(b.inputShape.reduce((a, d) => a * d, 1), std, b.noise),
      // Nothing to undo on the way back: a mirrored decoder gets no noise layer.
      mirror: () => [],
    };
    return blueprint;
  },
};

export const gaussianNoiseLayerPlugin = Object.freeze(layerPlugin);
