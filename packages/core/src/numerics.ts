// Numeric kernels, layers, training loop and weight files (owned by the numerics work).
// Layered tensor → rng → nn → train → io → model; each folder imports only from those before it.
export { gemmNT, gemmNN, gemmTN } from './tensor/gemm.js';
export { addRowVector, fillRows, columnSums, gatherRows, copyInto } from './tensor/ops.js';
export { gemmNTReference, gemmNNReference, gemmTNReference, addRowVectorReference, columnSumsReference } from './tensor/reference.js';
export { expFast } from './tensor/exp.js';
export { expExact } from './tensor/exp-exact.js';
export { logExact } from './tensor/log.js';
export { sinExact, cosExact } from './tensor/trig.js';
export { wasmArena, allocF64, allocF32, arenaMatrix, setWasmEnabled, Arena } from './tensor/wasm/arena.js';
export type { KernelExports } from './tensor/wasm/kernels.js';
export { op as wasmOp, T as wasmType, type Code as WasmCode, type FuncDef as WasmFunction } from './tensor/wasm/emit.js';
export {
  elementwiseCalls, reluForwardWasm, logisticForwardWasm, tanhForwardWasm, reluBackwardWasm, logisticBackwardWasm, tanhBackwardWasm, bceGradientWasm, bceSumWasm, mseSumWasm, mseGradientWasm,
} from './tensor/wasm/elementwise-wasm.js';
export { createRng, isStreamState, POSITION_LENGTH, readPosition, restoreStreams, saveStreams, writePosition, type StreamState } from './rng/xoshiro.js';
export { RowCache } from './nn/row-cache.js';
export { Sequential } from './nn/sequential.js';
export { shapeSize, formatShape } from './nn/types.js';
export { Model } from './model/model.js';
export type { NamedTensor, ModelBuild } from './model/model.js';
export { planModel, estimateModelCost } from './model/architecture.js';
export { encodeModel, parseModelDescription, reviveModel, decodeWeights, specPlugins, MODEL_JSON, MODEL_WEIGHTS } from './model/model-file.js';
export type { ModelDescription, ModelExtras } from './model/model-file.js';
export type { ModelSpec, ArchitectureSpec, ArchitectureError, ModelPlan, ModelComponents, ProblemConfig, ModelCost } from './model/architecture.js';
export { checkGradients, checkLayerGradients, checkActivationGradient, checkLossGradient, relativeError } from './nn/grad-check.js';
export type { GradCheckOptions, GradCheckResult, GradCheckTensor, LayerCheckOptions } from './nn/grad-check.js';
export { fit, fitEpochs, fitState } from './train/fit.js';
export { drain, drive } from './train/drive.js';
export { fitAsync } from './train/fit-async.js';
export type { Driven, DriveOptions } from './train/drive.js';
export type { FitData, FitOptions, FitResult, FitState, FitStop, FitNoise } from './train/fit.js';
export { reconstructionStep } from './train/step.js';
export { encodeCheckpoint, decodeCheckpoint } from './io/checkpoint.js';
export type { Trainable, ReconstructionStep } from './train/step.js';
export { writeSafetensors, readSafetensors } from './io/safetensors.js';
export type { SafetensorsData, SafetensorsDtype, SafetensorsTensor, SafetensorsFile } from './io/safetensors.js';
