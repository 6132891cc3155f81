/**
 * @sia/optimizers: update rules (gradient descent, momentum, Adam) and batching strategies
 * (online, batch, mini-batch), composable with each other; as plugins and as plain values.
 */
export { optimizersPlugins } from './plugins.js';
export { GradientDescent, gdPlugin } from './gd.js';
export type { GdConfig } from './gd.js';
export { Momentum, momentumPlugin } from './momentum.js';
export type { MomentumConfig } from './momentum.js';
export { Adam, adamPlugin } from './adam.js';
export type { AdamConfig, AdamPrecision } from './adam.js';
export { PerParam } from './per-param.js';
export { online, onlinePlugin } from './updaters/online.js';
export type { OnlineConfig } from './updaters/online.js';
export { batch, batchPlugin } from './updaters/batch.js';
export type { BatchConfig } from './updaters/batch.js';
export { miniBatch, miniBatchPlugin } from './updaters/mini-batch.js';
export type { MiniBatchConfig } from './updaters/mini-batch.js';
