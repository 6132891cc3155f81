import { defineComponent, slot, type ComponentConfig, type ComponentPlugin, type LayerBlueprint, type Problem } from '@sia/core';

export interface DenoisingConfig {
  /** Corrupts the inputs afresh every epoch; without it a noise stage upstream must. */
  readonly noise?: ComponentConfig;
}

/** `problem/denoising`: reconstruct the clean item from a copy corrupted afresh every epoch. */
export const denoisingPlugin: ComponentPlugin<'problem', DenoisingConfig> = defineComponent<'problem', DenoisingConfig>({
  kind: 'problem',
  name: 'denoising',
  version: '0.1.0',
  description: 'Denoising autoencoder: trained to reconstruct the clean item from a noisy copy drawn afresh every epoch.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      noise: slot('noise', undefined, 'How inputs are corrupted; omit it when a noise stage feeds the trainer.'),
    },
  },
  create(config: DenoisingConfig, ctx): Problem {
    const corruption = config.noise !== undefined ? ctx.create('noise', config.noise) : undefined;
    return Object.freeze({ code: (latent: LayerBlueprint) => latent, inputs: 'noisy' as const, ...(corruption ? { corruption } : {}) });
  },
});
