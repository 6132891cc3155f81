/**
 * @sia/core for browsers (the `browser` export condition, which bundlers pick by themselves):
 * the numbers (matrices, WebAssembly SIMD kernels, streams, layers' contracts, the training loop,
 * safetensors and the model format) and the plugin contract, without the pipeline engine, which
 * reads and writes files. The same code as in Node, so the same bits for a seed.
 */
export * from './contracts.js';
export * from './numerics.js';
export { defineStage, defineComponent } from './plugin/define.js';
export { createComponents } from './plugin/components.js';
export { StageFailure } from './errors.js';
