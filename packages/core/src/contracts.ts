// Types and small helpers every package builds on.
export { Matrix } from './tensor/matrix.js';
export type { AnyMatrix, FloatArray, Precision } from './tensor/matrix.js';
export type { Rng } from './rng/rng.js';
export type { Param, Activation, Loss, Initializer, Layer, Shape, StateTensor, Penalty } from './nn/types.js';
export type { LayerBlueprint, LayerBuild, LayerConfig, LayerCost } from './nn/blueprint.js';
export type { Problem, Corruption } from './nn/problem.js';
export type { Optimizer, OptimizerState, Updater } from './train/types.js';
export type { Checkpoint } from './io/checkpoint.js';
export type * from './plugin/types.js';
export { isStagePlugin } from './plugin/types.js';
export { slot, SLOT_KEYWORD } from './plugin/slot.js';
export type * from './pipeline/artifacts.js';
export type * from './pipeline/reporter.js';
export { nullReporter } from './pipeline/reporter.js';
export type { SiaError, SiaErrorCode } from './errors.js';
export { siaError, formatError, isRunFailure } from './errors.js';
