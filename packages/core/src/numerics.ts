// Numeric kernels, layers, training loop and weight files (owned by the numerics work).
// Layered tensor → rng → nn → train → io; each folder imports only from those before it.
export { gemmNT, gemmNN, gemmTN } from './tensor/gemm.js';
export { addRowVector, fillRows, columnSums, gatherRows, copyInto } from './tensor/ops.js';
export { gemmNTReference, gemmNNReference, gemmTNReference, addRowVectorReference, columnSumsReference } from './tensor/reference.js';
export { expFast } from './tensor/exp.js';
export { wasmArena, allocF64, allocF32, setWasmEnabled, Arena } from './tensor/wasm/arena.js';
export type { KernelExports } from './tensor/wasm/kernels.js';
export { createRng } from './rng/xoshiro.js';
export { RowCache } from './nn/row-cache.js';
export { Dense } from './nn/dense.js';
export type { DenseOptions } from './nn/dense.js';
export { Sequential } from './nn/sequential.js';
export { Autoencoder } from './nn/autoencoder.js';
export type { AutoencoderSpec, AutoencoderOptions, NamedTensor } from './nn/autoencoder.js';
export { checkGradients, checkLayerGradients, checkActivationGradient, checkLossGradient, relativeError } from './nn/grad-check.js';
export type { GradCheckOptions, GradCheckResult, GradCheckTensor, LayerCheckOptions } from './nn/grad-check.js';
export { fit } from './train/fit.js';
export type { FitData, FitOptions, FitResult, FitStop, FitNoise } from './train/fit.js';
export { autoencoderStep } from './train/autoencoder-step.js';
export type { Trainable } from './train/autoencoder-step.js';
export { writeSafetensors, readSafetensors } from './io/safetensors.js';
export type { SafetensorsDtype, SafetensorsTensor, SafetensorsFile } from './io/safetensors.js';
