import { Autoencoder, type ComponentConfig, type ComponentContext } from '@sia/core';
import { TrainedNetwork } from '../model/trained-network.js';
import type { ModelDescription, ModelReviver } from '../model/model-files.js';

/** Activation configs of an autoencoder, kept so a saved model can be rebuilt through the registry. */
export interface AutoencoderActivations {
  readonly hidden: ComponentConfig;
  readonly latent: ComponentConfig;
  readonly output: ComponentConfig;
}

export const AUTOENCODER_TRAINER = 'train/autoencoder';

/** A trained conventional autoencoder as later stages see it. */
export class AutoencoderModel extends TrainedNetwork<Autoencoder, AutoencoderActivations> {
  constructor(network: Autoencoder, activations: AutoencoderActivations, history: Readonly<Record<string, readonly number[]>>) {
    super(AUTOENCODER_TRAINER, network, activations, history);
  }
}

/** Builds the activations of an autoencoder from their configs. */
export function makeActivations(a: AutoencoderActivations, ctx: ComponentContext) {
  return {
    hiddenActivation: ctx.create('activation', a.hidden),
    latentActivation: ctx.create('activation', a.latent),
    outputActivation: ctx.create('activation', a.output),
  };
}

/** Rebuilds an `AutoencoderModel` from its saved description and weights. */
export const reviveAutoencoder: ModelReviver = (description: ModelDescription, tensors, ctx) => {
  const arch = description.architecture as { inputSize: number; hidden: number[]; latent: number; activations: AutoencoderActivations };
  if (!arch || !Array.isArray(arch.hidden) || !arch.activations) {
    throw new Error('model.json: architecture must give inputSize, hidden, latent and activations');
  }
  const network = Autoencoder.fromTensors(
    { inputSize: arch.inputSize, hidden: arch.hidden, latent: arch.latent, ...makeActivations(arch.activations, ctx) },
    tensors,
  );
  return new AutoencoderModel(network, arch.activations, description.history ?? {});
};
