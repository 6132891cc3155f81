import type { ComponentConfig, ComponentContext } from '@sia/core';
import { TrainedNetwork } from '../model/trained-network.js';
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
 * Its history has `loss` (rec + w·KL), `reconstruction` and `kl` per epoch.
 */
export class VariationalModel extends TrainedNetwork<VariationalNetwork, VariationalActivations> {
  constructor(network: VariationalNetwork, activations: VariationalActivations, history: Readonly<Record<string, readonly number[]>>) {
    super(VARIATIONAL_TRAINER, network, activations, history);
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
