import type { ComponentPlugin } from '@sia/core';
import { adamPlugin } from './adam.js';
import { gdPlugin } from './gd.js';
import { momentumPlugin } from './momentum.js';
import { batchPlugin } from './updaters/batch.js';
import { miniBatchPlugin } from './updaters/mini-batch.js';
import { onlinePlugin } from './updaters/online.js';

/** Every plugin of @sia/optimizers: update rules and batching strategies. */
export const optimizersPlugins: readonly ComponentPlugin[] = Object.freeze([
  gdPlugin,
  momentumPlugin,
  adamPlugin,
  onlinePlugin,
  batchPlugin,
  miniBatchPlugin,
]);
