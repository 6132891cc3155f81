import type { Matrix, TrainedModel } from '@sia/core';

/** What a trainer's network offers once trained: codes, outputs, its architecture and weights. */
export interface CodecNetwork {
  readonly inputSize: number;
  readonly latentSize: number;
  encode(x: Matrix): Matrix;
  decode(z: Matrix): Matrix;
  reconstruct(x: Matrix): Matrix;
  describe(): Record<string, unknown>;
  tensors(): Record<string, { shape: number[]; data: Float64Array }>;
}

/**
 * A trained network as later stages see it (`TrainedModel`), with the activation configs kept
 * beside the architecture so that a saved model can be rebuilt through the plugin registry.
 */
export class TrainedNetwork<N extends CodecNetwork, A extends object> implements TrainedModel {
  readonly inputSize: number;
  readonly latentSize: number;

  constructor(
    readonly trainer: string,
    readonly network: N,
    readonly activations: A,
    readonly history: Readonly<Record<string, readonly number[]>>,
  ) {
    this.inputSize = network.inputSize;
    this.latentSize = network.latentSize;
  }

  encode(x: Matrix): Matrix {
    return this.network.encode(x);
  }

  decode(z: Matrix): Matrix {
    return this.network.decode(z);
  }

  reconstruct(x: Matrix): Matrix {
    return this.network.reconstruct(x);
  }

  describe(): Record<string, unknown> {
    return { ...this.network.describe(), activations: this.activations };
  }

  tensors(): Record<string, { shape: number[]; data: Float64Array }> {
    return this.network.tensors();
  }
}
