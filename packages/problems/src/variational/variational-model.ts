import type { ComponentConfig, ComponentContext, Matrix, TrainedModel } from '@sia/core';
import type { ModelDescription, ModelReviver } from '../model/model-files.js';
import { VariationalNetwork } from './variational-network.js';

/** Activation configs of a variational autoencoder, kept so a saved model can be rebuilt through the registry. */
export interface VariationalActivations {
  readonly hidden: ComponentConfig;
  readonly output: ComponentConfig;
}

export const VARIATIONAL_TRAINER = 'train/variational';

/**
 * A trained variational autoencoder as later stages see it: `encode` gives the mean code μ(x),
 * `decode` the decoder's output, `reconstruct` decode(μ(x)) (no sampling, so it is deterministic).
 */
export class VariationalModel implements TrainedModel {
  readonly trainer = VARIATIONAL_TRAINER;
  readonly inputSize: number;
  readonly latentSize: number;

  constructor(
    readonly network: VariationalNetwork,
    readonly activations: VariationalActivations,
    /** `loss` (rec + w·KL), `reconstruction` and `kl`, per epoch. */
    readonly history: Readonly<Record<string, readonly number[]>>,
  ) {
    this.inputSize = network.inputSize;
    this.latentSize = network.latentSize;
  }

  encode(x: Matrix): Matrix {
    return this.network.encode(x);
  }

  decode(z: Matrix): Matrix {
    return this.network.decode(z);
  }

  reconstruct(x: Matrix): Matrix {
    return this.network.reconstruct(x);
  }

  describe(): Record<string, unknown> {
    return { ...this.network.describe(), activations: this.activations };
  }

  tensors(): Record<string, { shape: number[]; data: Float64Array }> {
    return this.network.tensors();
  }
}

/** Rebuilds a `VariationalModel` from its saved description and weights. */
export const reviveVariational: ModelReviver = (description: ModelDescription, tensors, ctx: ComponentContext) => {
  const arch = description.architecture as { inputSize: number; hidden: number[]; latent: number; activations: VariationalActivations };
  if (!arch || !Array.isArray(arch.hidden) || !arch.activations || typeof arch.inputSize !== 'number' || typeof arch.latent !== 'number') {
    throw new Error('model.json: architecture must give inputSize, hidden, latent and activations');
  }
  const network = VariationalNetwork.fromTensors(
    {
      inputSize: arch.inputSize,
      hidden: arch.hidden,
      latent: arch.latent,
      hiddenActivation: ctx.create('activation', arch.activations.hidden),
      outputActivation: ctx.create('activation', arch.activations.output),
    },
    tensors,
  );
  return new VariationalModel(network, arch.activations, description.history ?? {});
};
