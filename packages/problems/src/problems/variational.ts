import type { ComponentPlugin, LayerBlueprint, Problem } from '@sia/core';
import { VariationalCode } from '@sia/layers';
import { klWeight } from './warmup.js';

export interface VariationalConfig {
  readonly beta: number;
  readonly warmup: number;
}

/**
 * The code of a variational autoencoder, from the latent layer's blueprint: two copies of the
 * latent layer (`mean` and `logvar`, each with its own weights), reparameterised sampling, and the
 * KL penalty weighted by β after a linear warm-up. The heads keep the names `mean` and `logvar`
 * (so their tensors are `mean.weight`, `logvar.bias`, ...).
 */
export function variationalCode(latent: LayerBlueprint, config: VariationalConfig): LayerBlueprint {
  return {
    outputShape: (input) => {
      const out = latent.outputShape(input);
      if (typeof out === 'string' || out.length === 1) return out;
      return `the latent layer of a variational autoencoder must give a flat code, not ${out.join('x')}`;
    },
    build: (b) =>
      new VariationalCode(
        latent.build({ ...b, name: 'mean' }),
        latent.build({ ...b, name: 'logvar' }),
        b.noise,
        (epoch) => klWeight(epoch, config.beta, config.warmup),
        b.precision ?? 'float64',
      ),
    // float32 when the latent layer has it: the code's own buffers follow `precision`
    ...(latent.float32 === true ? { float32: true } : {}),
  };
}

/** `problem/variational`: mean and log-variance heads, sampled code, reconstruction + β·KL. */
export const variationalPlugin: ComponentPlugin<'problem', VariationalConfig> = Object.freeze({
  kind: 'problem',
  name: 'variational',
  version: '0.1.0',
  description:
    'Variational autoencoder: the latent layer becomes mean and log-variance heads, z = mean + exp(logvar/2)*eps; objective reconstruction + beta*KL(q(z|x) || N(0, I)).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      beta: { type: 'number', minimum: 0, default: 1, description: 'Weight of the KL term (beta-VAE; 1 is the plain VAE objective).' },
      warmup: { type: 'integer', minimum: 0, default: 0, description: 'Epochs over which the KL weight rises linearly from 0 to beta (0 = off).' },
    },
  },
  create: (config: VariationalConfig): Problem =>
    Object.freeze({ code: (latent: LayerBlueprint) => variationalCode(latent, { beta: config.beta ?? 1, warmup: config.warmup ?? 0 }), inputs: 'either' as const }),
});
