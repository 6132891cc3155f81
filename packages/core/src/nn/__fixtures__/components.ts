/**
 * Minimal components for core's own tests. The real ones are plugins in @sia/layers and
 * @sia/optimizers, which core must not import; these are deliberately plain.
 */
import type { Matrix } from '../../tensor/matrix.js';
import type { Rng } from '../../rng/rng.js';
import type { Activation, Initializer, Loss, Param } from '../types.js';
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
