import type { Activation, Loss } from '@sia/core';

// Minimal components for this package's training tests: it may not import @sia/layers
// (arrows point to core only).

export const tanh: Activation = {
  name: 'tanh',
  forward: (z, y) => { for (let i = 0; i < z.data.length; i++) y.data[i] = Math.tanh(z.data[i]!); },
  backward: (_z, y, dy, dz) => { for (let i = 0; i < y.data.length; i++) dz.data[i] = dy.data[i]! * (1 - y.data[i]! ** 2); },
};

export const sigmoid: Activation = {
  name: 'sigmoid',
  forward: (z, y) => { for (let i = 0; i < z.data.length; i++) y.data[i] = 1 / (1 + Math.exp(-z.data[i]!)); },
  backward: (_z, y, dy, dz) => { for (let i = 0; i < y.data.length; i++) dz.data[i] = dy.data[i]! * y.data[i]! * (1 - y.data[i]!); },
};

export const mse: Loss = {
  name: 'mse',
  value: (p, t) => p.data.reduce((s, v, i) => s + (v - t.data[i]!) ** 2, 0) / p.data.length,
  gradient: (p, t, g) => { for (let i = 0; i < p.data.length; i++) g.data[i] = (2 * (p.data[i]! - t.data[i]!)) / p.data.length; },
};
