/**
 * @sia/layers: layers, activations, losses and weight initializers, as plugins and as plain classes
 * for library use.
 */
export { layersPlugins } from './plugins.js';
export { Linear, linearPlugin } from './activations/linear.js';
export type { LinearConfig } from './activations/linear.js';
export { Logistic, logisticPlugin } from './activations/logistic.js';
export type { LogisticConfig } from './activations/logistic.js';
export { Tanh, tanhPlugin } from './activations/tanh.js';
export type { TanhConfig } from './activations/tanh.js';
export { Relu, reluPlugin } from './activations/relu.js';
export type { ReluConfig } from './activations/relu.js';
export { MeanSquaredError, msePlugin } from './losses/mse.js';
export type { MseConfig } from './losses/mse.js';
export { BinaryCrossEntropy, bcePlugin } from './losses/bce.js';
export type { BceConfig } from './losses/bce.js';
export { reductionScale } from './losses/reduction.js';
export type { Reduction } from './losses/reduction.js';
export { UniformInitializer, uniformPlugin } from './initializers/uniform.js';
export type { UniformConfig } from './initializers/uniform.js';
export { GlorotInitializer, glorotPlugin } from './initializers/glorot.js';
export type { GlorotConfig } from './initializers/glorot.js';
export { HeInitializer, hePlugin } from './initializers/he.js';
export type { HeConfig } from './initializers/he.js';
export type { Distribution } from './initializers/scaled.js';
export { Dense, densePlugin } from './layers/dense.js';
export type { DenseOptions, DenseConfig, BiasInit } from './layers/dense.js';
export { Reshape, flattenPlugin } from './layers/flatten.js';
export { reshapePlugin } from './layers/reshape.js';
export type { ReshapeConfig } from './layers/reshape.js';
export { Dropout, dropoutPlugin } from './layers/dropout.js';
export type { DropoutConfig } from './layers/dropout.js';
export { BatchNorm, batchNormPlugin } from './layers/batch-norm.js';
export type { BatchNormConfig } from './layers/batch-norm.js';
export { Conv2d, conv2dPlugin } from './layers/conv2d.js';
export type { Conv2dOptions, Conv2dConfig } from './layers/conv2d.js';
export { Conv2dTranspose, conv2dTransposePlugin, transposeOutputSize } from './layers/conv2d-transpose.js';
export type { Conv2dTransposeOptions, Conv2dTransposeConfig } from './layers/conv2d-transpose.js';
export { im2col, col2im, convGeometry, convOutputSize } from './layers/im2col.js';
export type { ConvGeometry } from './layers/im2col.js';
export { Reparameterize, gaussianKl, addGaussianKlGradient } from './sampling/reparameterize.js';
export { VariationalCode } from './sampling/variational-code.js';
