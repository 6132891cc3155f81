import { Sequential, type Activation, type Initializer, type Precision, type Rng } from '@sia/core';
import { Dense } from '@sia/layers';

/**
 * A mirrored stack of dense layers (`widths` = input, hidden..., latent), as the widths shorthand
 * of `train/autoencoder` builds it: `hidden` on every hidden layer, `latent` on the latent layer,
 * `output` last; each layer's weights from `rng.fork(name)`; every layer in `precision`.
 */
export function denseStack(widths: readonly number[], act: { hidden: Activation; latent: Activation; output: Activation }, initializer: Initializer, rng: Rng, precision: Precision = 'float64'): Sequential {
  const layers: Dense[] = [];
  const k = widths.length - 1;
  for (let i = 0; i < k; i++) {
    const name = `encoder.${i}`;
    layers.push(new Dense({ name, inputSize: widths[i]!, outputSize: widths[i + 1]!, activation: i === k - 1 ? act.latent : act.hidden, initializer, rng: rng.fork(name), precision }));
  }
  for (let i = 0; i < k; i++) {
    const name = `decoder.${i}`;
    layers.push(new Dense({ name, inputSize: widths[k - i]!, outputSize: widths[k - i - 1]!, activation: i === k - 1 ? act.output : act.hidden, initializer, rng: rng.fork(name), precision }));
  }
  return new Sequential(layers);
}
