import type { ComponentPlugin, LayerBlueprint, Problem } from '@sia/core';

/** A plain autoencoder: the latent layer is the code, the objective the reconstruction loss. */
export const conventionalProblem: Problem = Object.freeze({ code: (latent: LayerBlueprint) => latent, inputs: 'clean' as const });

/** `problem/conventional`: reconstruct each item from its code. */
export const conventionalPlugin: ComponentPlugin<'problem', Record<string, never>> = Object.freeze({
  kind: 'problem',
  name: 'conventional',
  version: '0.1.0',
  description: 'Conventional autoencoder: the latent layer is the code; trained to reconstruct its clean input.',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  create: (): Problem => conventionalProblem,
});
