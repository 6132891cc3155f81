import type { ComponentPlugin } from '@sia/core';
import { linearPlugin } from './activations/linear.js';
import { logisticPlugin } from './activations/logistic.js';
import { reluPlugin } from './activations/relu.js';
import { tanhPlugin } from './activations/tanh.js';
import { bcePlugin } from './losses/bce.js';
import { msePlugin } from './losses/mse.js';
import { glorotPlugin } from './initializers/glorot.js';
import { hePlugin } from './initializers/he.js';
import { uniformPlugin } from './initializers/uniform.js';
import { densePlugin } from './layers/dense.js';
import { flattenPlugin } from './layers/flatten.js';
import { reshapePlugin } from './layers/reshape.js';
import { dropoutPlugin } from './layers/dropout.js';
import { batchNormPlugin } from './layers/batch-norm.js';
import { conv2dPlugin } from './layers/conv2d.js';
import { conv2dTransposePlugin } from './layers/conv2d-transpose.js';

/** Every plugin of @sia/layers: layers, activations, losses, initializers. */
export const layersPlugins: readonly ComponentPlugin[] = Object.freeze([
  linearPlugin,
  logisticPlugin,
  tanhPlugin,
  reluPlugin,
  msePlugin,
  bcePlugin,
  uniformPlugin,
  glorotPlugin,
  hePlugin,
  densePlugin,
  flattenPlugin,
  reshapePlugin,
  dropoutPlugin,
  batchNormPlugin,
  conv2dPlugin,
  conv2dTransposePlugin,
]);
