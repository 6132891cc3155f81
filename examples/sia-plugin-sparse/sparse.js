// @ts-check
/**
 * The problem `acme:sparse`: a sparse autoencoder (Ng, 2011, with the L1 form of the activity
 * penalty). The code is the latent layer's output z; the objective is
 *
 *   reconstruction + weight · l1,   l1 = (1/rows) Σ_rows Σ_i |z_i|   (per item, mean over the batch)
 *
 * as sia's problems do it: the code layer wraps the latent layer, exposes the term as its
 * `penalty` (the trainer adds weight · value to the objective and records `l1` per epoch), and
 * adds the term's gradient weight · sign(z)/rows to dz in its own backward. Inputs are the clean
 * items, as for the conventional autoencoder.
 */
import { Matrix, RowCache } from '@sia/core';

/** @typedef {import('@sia/core').Layer} Layer */
/** @typedef {import('@sia/core').LayerBlueprint} LayerBlueprint */
/** @typedef {{ weight: number }} SparseConfig */

/** The latent layer with an L1 activity penalty on its output. @implements {Layer} */
export class SparseCode {
  /** @param {Layer} latent @param {number} weight */
  constructor(latent, weight) {
    this.latent = latent;
    this.inputSize = latent.inputSize;
    this.outputSize = latent.outputSize;
    this.params = latent.params;
    if (latent.state !== undefined) this.state = latent.state;
    /** @type {import('@sia/core').Penalty} */
    this.penalty = { name: 'l1', value: 0, weight };
    /** @type {RowCache<Matrix>} */
    this.grads = new RowCache((rows) => new Matrix(rows, latent.outputSize));
    /** @type {import("@sia/core").AnyMatrix | undefined} */
    this.z = undefined;
  }

  /** @param {import("@sia/core").AnyMatrix} x @param {boolean} [training] */
  forward(x, training = false) {
    const z = this.latent.forward(x, training);
    if (training) {
      let sum = 0;
      for (let i = 0; i < z.data.length; i++) sum += Math.abs(z.data[i]);
      this.penalty.value = sum / z.rows;
    }
    this.z = z;
    return z;
  }

  /** @param {import("@sia/core").AnyMatrix} dz @param {boolean} [needInputGrad] */
  backward(dz, needInputGrad = true) {
    const z = this.z;
    if (z === undefined || z.rows !== dz.rows) throw new Error('bug: SparseCode.backward without a matching forward');
    const g = this.grads.get(dz.rows);
    const k = this.penalty.weight / dz.rows, Z = z.data, D = dz.data, G = g.data;
    for (let i = 0; i < G.length; i++) G[i] = D[i] + k * Math.sign(Z[i]);
    return this.latent.backward(g, needInputGrad);
  }
}

/** @type {import('@sia/core').ComponentPlugin<'problem', SparseConfig>} */
const problemPlugin = {
  kind: 'problem',
  name: 'acme:sparse',
  version: '0.1.0',
  description: 'Sparse autoencoder: reconstruction + weight * mean L1 norm of the code (an activity penalty on the latent layer).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      weight: { type: 'number', minimum: 0, maximum: 1000, default: 0.001, description: 'Weight of the L1 activity penalty on the code.' },
    },
  },
  create(config) {
    const weight = config.weight ?? 0.001;
    return {
      inputs: /** @type {const} */ ('clean'),
      /** @param {LayerBlueprint} latent */
      code(latent) {
        /** @type {LayerBlueprint} */
        const wrapped = {
          outputShape: (input) => latent.outputShape(input),
          build: (b) => new SparseCode(latent.build(b), weight),
        };
        if (latent.mirror !== undefined) wrapped.mirror = latent.mirror.bind(latent);
        return wrapped;
      },
    };
  },
};

export const sparsePlugin = Object.freeze(problemPlugin);
