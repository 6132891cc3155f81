/**
 * @sia/core: numbers (matrix, rng, nn, training), the plugin contract and registry,
 * the pipeline engine and file formats. Imports none of the other sia packages.
 */
export * from './contracts.js';
export * from './numerics.js';
export * from './engine.js';
// Node only (worker_threads): the browser entry has no threads.
export { setThreads, threadsReady, threadCount, threadStats, defaultThreads, parseThreads, type ThreadStats } from './tensor/wasm/threads-pool.js';
