import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../rng/rng.js';
import type { LayerBlueprint } from './blueprint.js';

/** Writes a corrupted copy of `clean` into `out` (same shape), drawing from `rng`. */
export type Corruption = (clean: Matrix, out: Matrix, rng: Rng) => void;

/**
 * What a `problem` plugin's `create` returns: how the network is assembled around the latent code,
 * and what it is trained on. The network is `encoder → code → decoder`, where the code layer is
 * made by `code` from the encoder's last (latent) layer: the latent layer itself for a plain
 * autoencoder; mean and log-variance heads with reparameterised sampling and a KL penalty for a
 * variational one; the latent layer plus an activity penalty for a sparse one. The objective is the
 * reconstruction loss plus every layer's penalty.
 */
export interface Problem {
  /** Wraps the latent layer's blueprint into the code layer's. */
  code(latent: LayerBlueprint): LayerBlueprint;
  /**
   * Inputs during training: `clean` (the items themselves; a noise stage upstream is refused),
   * `noisy` (corrupted afresh every epoch: by `corruption` when given, else by a noise stage
   * upstream, which is then required), or `either` (noisy when a noise stage feeds it).
   */
  readonly inputs: 'clean' | 'noisy' | 'either';
  readonly corruption?: Corruption;
}
