/**
 * Minimal components for core's own tests. The real ones are plugins in @sia/layers and
 * @sia/optimizers, which core must not import; these are deliberately plain.
 */
import type { Rng } from '../../rng/rng.js';
import { Matrix } from '../../tensor/matrix.js';
import type { Activation, Initializer, Layer, Loss, Param } from '../types.js';
import type { LayerBlueprint } from '../blueprint.js';
import type { Problem } from '../problem.js';
import type { ModelComponents } from '../../model/architecture.js';
import type { Optimizer, Updater } from '../../train/types.js';

export const tanh: Activation = {
  name: 'tanh',
  forward(z: Matrix, y: Matrix) {
    for (let i = 0; i < z.data.length; i++) y.data[i] = Math.tanh(z.data[i]!);
  },
  backward(_z: Matrix, y: Matrix, dy: Matrix, dz: Matrix) {
    for (let i = 0; i < y.data.length; i++) dz.data[i] = dy.data[i]! * (1 - y.data[i]! * y.data[i]!);
  },
};

export const sigmoid: Activation = {
  name: 'sigmoid',
  forward(z: Matrix, y: Matrix) {
    for (let i = 0; i < z.data.length; i++) y.data[i] = 1 / (1 + Math.exp(-z.data[i]!));
  },
  backward(_z: Matrix, y: Matrix, dy: Matrix, dz: Matrix) {
    for (let i = 0; i < y.data.length; i++) dz.data[i] = dy.data[i]! * y.data[i]! * (1 - y.data[i]!);
  },
};

export const identity: Activation = {
  name: 'linear',
  forward(z: Matrix, y: Matrix) {
    y.data.set(z.data);
  },
  backward(_z: Matrix, _y: Matrix, dy: Matrix, dz: Matrix) {
    dz.data.set(dy.data);
  },
};

/** Mean over all elements of (p − t)²; gradient 2(p − t)/N. */
export const mse: Loss = {
  name: 'mse',
  value(p: Matrix, t: Matrix) {
    let s = 0;
    for (let i = 0; i < p.data.length; i++) s += (p.data[i]! - t.data[i]!) ** 2;
    return s / p.data.length;
  },
  gradient(p: Matrix, t: Matrix, g: Matrix) {
    for (let i = 0; i < p.data.length; i++) g.data[i] = (2 * (p.data[i]! - t.data[i]!)) / p.data.length;
  },
};

export const uniformInit: Initializer = {
  name: 'uniform',
  init(w: Matrix, rng: Rng) {
    for (let i = 0; i < w.data.length; i++) w.data[i] = rng.uniform() * 2 - 1;
  },
};

/** w ← w − rate·g. */
export function sgd(rate: number): Optimizer {
  return {
    name: 'gd',
    step(params: readonly Param[]) {
      for (const p of params) for (let i = 0; i < p.value.length; i++) p.value[i]! -= rate * p.grad[i]!;
    },
  };
}

export function updater(batchSize: number | 'all', shuffle: boolean): Updater {
  return { name: 'test', shuffle, batchSize: (n: number) => (batchSize === 'all' ? n : batchSize) };
}

/**
 * A plain affine layer Y = act(X·Wᵀ + b) with loops instead of core's kernels: the real dense
 * layer is a plugin of @sia/layers, which core's tests cannot import.
 */
export function affine(inputSize: number, outputSize: number, activation: Activation, rng: Rng, name = 'affine'): Layer {
  const w = new Float64Array(outputSize * inputSize);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform() * 2 - 1;
  const b = new Float64Array(outputSize);
  const gw = new Float64Array(w.length);
  const gb = new Float64Array(outputSize);
  let x: Matrix | undefined, z: Matrix | undefined, y: Matrix | undefined, dz: Matrix | undefined, dx: Matrix | undefined;
  return {
    inputSize,
    outputSize,
    params: [
      { name: `${name}.weight`, value: w, grad: gw, shape: [outputSize, inputSize] },
      { name: `${name}.bias`, value: b, grad: gb, shape: [outputSize] },
    ],
    forward(input: Matrix) {
      x = input;
      z = new Matrix(input.rows, outputSize);
      y = new Matrix(input.rows, outputSize);
      for (let r = 0; r < input.rows; r++) {
        for (let o = 0; o < outputSize; o++) {
          let s = b[o]!;
          for (let i = 0; i < inputSize; i++) s += input.data[r * inputSize + i]! * w[o * inputSize + i]!;
          z.data[r * outputSize + o] = s;
        }
      }
      activation.forward(z, y);
      return y;
    },
    backward(dy: Matrix) {
      dz = new Matrix(dy.rows, outputSize);
      dx = new Matrix(dy.rows, inputSize);
      activation.backward(z!, y!, dy, dz);
      gw.fill(0);
      gb.fill(0);
      for (let r = 0; r < dy.rows; r++) {
        for (let o = 0; o < outputSize; o++) {
          const g = dz.data[r * outputSize + o]!;
          gb[o]! += g;
          for (let i = 0; i < inputSize; i++) {
            gw[o * inputSize + i]! += g * x!.data[r * inputSize + i]!;
            dx.data[r * inputSize + i]! += g * w[o * inputSize + i]!;
          }
        }
      }
      return dx;
    },
  };
}

const activations: Record<string, Activation> = { tanh, sigmoid, linear: identity };

/**
 * `fixture:affine` as a layer plugin would make it: flat inputs only, mirrored by itself.
 * Config `{ type, units, activation: { type: tanh | sigmoid | linear } }`.
 */
export function affineBlueprint(config: { units: number; activation?: { type: string } }): LayerBlueprint {
  const act = activations[config.activation?.type ?? 'linear']!;
  return {
    outputShape: (input) => (input.length === 1 ? [config.units] : 'takes a flat input'),
    build: (b) => affine(b.inputShape[0]!, config.units, act, b.weights.fork(b.name), b.name),
    mirror: (input, activation) => [{ type: 'affine', units: input[0]!, activation }],
  };
}

/** `fixture:flatten`: any shape to its flat form; mirrored by a reshape back. */
export function flattenBlueprint(): LayerBlueprint {
  const pass = (n: number): Layer => ({ inputSize: n, outputSize: n, params: [], forward: (x) => x, backward: (dy) => dy });
  return {
    outputShape: (input) => [input.reduce((a, b) => a * b, 1)],
    build: (b) => pass(b.inputShape.reduce((a, c) => a * c, 1)),
    mirror: (input) => [{ type: 'reshape', shape: [...input] }],
  };
}

/** `fixture:reshape` to `shape`, when the sizes agree. */
export function reshapeBlueprint(config: { shape: number[] }): LayerBlueprint {
  const n = config.shape.reduce((a, b) => a * b, 1);
  return {
    outputShape: (input) => (input.reduce((a, b) => a * b, 1) === n ? [...config.shape] : `sizes differ`),
    build: () => ({ inputSize: n, outputSize: n, params: [], forward: (x) => x, backward: (dy) => dy }),
  };
}

/** A plain problem: the latent layer is the code. */
export const plainProblem: Problem = { code: (latent) => latent, inputs: 'clean' };

/** Components for `planModel` in core's tests. */
export const modelComponents: ModelComponents = {
  create(kind: 'layer' | 'problem', config: { type: string; [k: string]: unknown }): never {
    if (kind === 'problem') return plainProblem as never;
    if (config.type === 'affine') return affineBlueprint(config as never) as never;
    if (config.type === 'flatten') return flattenBlueprint() as never;
    if (config.type === 'reshape') return reshapeBlueprint(config as never) as never;
    throw new Error(`no fixture layer ${config.type}`);
  },
} as ModelComponents;
