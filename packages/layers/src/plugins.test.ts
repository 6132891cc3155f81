import { describe, it, expect } from 'vitest';
import { Matrix, createRng } from '@sia/core';
import type { Activation, ComponentContext, Initializer, Loss } from '@sia/core';
import { layersPlugins } from './plugins.js';
import layersModule from './module.js';

const ctx: ComponentContext = { create: () => { throw new Error('no nested components here'); } };

function plugin(kind: string, name: string) {
  const p = layersPlugins.find((q) => q.kind === kind && q.name === name);
  if (!p) throw new Error(`missing ${kind}/${name}`);
  return p;
}

/** The schema's defaults, as the engine would fill them in. */
function defaults(schema: Record<string, unknown>): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, { default?: unknown }>;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default]));
}

describe('layers plugins', () => {
  it('lists every activation, loss, initializer and layer once', () => {
    expect(layersPlugins.map((p) => `${p.kind}/${p.name}`)).toEqual([
      'activation/linear', 'activation/logistic', 'activation/tanh', 'activation/relu',
      'loss/mse', 'loss/bce',
      'initializer/uniform', 'initializer/glorot', 'initializer/he',
      'layer/dense', 'layer/flatten', 'layer/reshape', 'layer/dropout', 'layer/batch-norm', 'layer/conv2d', 'layer/conv2d-transpose',
    ]);
    expect(layersModule).toBeDefined();
  });

  it('are frozen plain objects with closed, described, defaulted schemas', () => {
    for (const p of layersPlugins) {
      expect(Object.isFrozen(p)).toBe(true);
      expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(p.description.length).toBeGreaterThan(10);
      expect(p.schema.type).toBe('object');
      expect(p.schema.additionalProperties).toBe(false);
      const required = (p.schema.required ?? []) as string[];
      for (const [key, prop] of Object.entries((p.schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        expect(typeof prop.description, `${p.name}.${key}`).toBe('string');
        // Required options have no default; a layer's own initializer falls back to the model's.
        if (required.includes(key) || (p.kind === 'layer' && key === 'initializer')) expect(prop.default, `${p.name}.${key}`).toBeUndefined();
        else expect(prop.default, `${p.name}.${key}`).toBeDefined();
      }
    }
  });

  it('build working components from their defaults and from options', () => {
    const z = Matrix.from([[0.5, -0.5]]);
    const y = new Matrix(1, 2);
    const tanh = plugin('activation', 'tanh').create({ beta: 2 }, ctx) as Activation;
    tanh.forward(z, y);
    expect(y.data[0]).toBeCloseTo(Math.tanh(1), 15);
    expect(y.data[1]).toBeCloseTo(Math.tanh(-1), 15);
    const logistic = plugin('activation', 'logistic').create(defaults(plugin('activation', 'logistic').schema), ctx) as Activation;
    logistic.forward(z, y);
    expect(y.data[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    const relu = plugin('activation', 'relu').create({}, ctx) as Activation;
    relu.forward(z, y);
    expect(Array.from(y.data)).toEqual([0.5, 0]);
    expect((plugin('activation', 'linear').create({}, ctx) as Activation).name).toBe('linear');

    const t = Matrix.from([[1, 0]]);
    const p = Matrix.from([[0.5, 0.5]]);
    const mseSum = plugin('loss', 'mse').create({ reduction: 'sum' }, ctx) as Loss;
    expect(mseSum.value(p, t)).toBeCloseTo(0.5, 15); // (0.25 + 0.25) / 1 row
    const bce = plugin('loss', 'bce').create(defaults(plugin('loss', 'bce').schema), ctx) as Loss;
    expect(bce.value(p, t)).toBeCloseTo(Math.log(2), 15); // mean of ln 2, ln 2

    const w = new Matrix(4, 4);
    (plugin('initializer', 'uniform').create({ min: 0, max: 0.5 }, ctx) as Initializer).init(w, createRng(1));
    for (const v of w.data) expect(v >= 0 && v < 0.5).toBe(true);
    for (const name of ['glorot', 'he']) {
      const init = plugin('initializer', name).create(defaults(plugin('initializer', name).schema), ctx) as Initializer;
      init.init(w, createRng(1));
      expect(w.data.some((v) => v !== 0)).toBe(true);
    }
  });
});
