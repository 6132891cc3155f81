import { describe, it, expect } from 'vitest';
import type { ComponentContext, Optimizer, Param, Updater } from '@sia/core';
import { optimizersPlugins } from './plugins.js';
import optimizersModule from './module.js';

const ctx: ComponentContext = { create: () => { throw new Error('no nested components here'); } };

function plugin(kind: string, name: string) {
  const p = optimizersPlugins.find((q) => q.kind === kind && q.name === name);
  if (!p) throw new Error(`missing ${kind}/${name}`);
  return p;
}

describe('optimizers plugins', () => {
  it('lists every optimizer and updater once', () => {
    expect(optimizersPlugins.map((p) => `${p.kind}/${p.name}`)).toEqual([
      'optimizer/gd', 'optimizer/momentum', 'optimizer/adam', 'updater/online', 'updater/batch', 'updater/mini-batch',
    ]);
    expect(optimizersModule).toBeDefined();
  });

  it('are frozen plain objects with closed, described, defaulted schemas', () => {
    for (const p of optimizersPlugins) {
      expect(Object.isFrozen(p)).toBe(true);
      expect(p.schema.type).toBe('object');
      expect(p.schema.additionalProperties).toBe(false);
      for (const [key, prop] of Object.entries((p.schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        expect(typeof prop.description, `${p.name}.${key}`).toBe('string');
        expect(prop.default, `${p.name}.${key}`).toBeDefined();
      }
    }
    // Rates must be positive: the schema says so, so a zero rate is caught at validation.
    for (const name of ['gd', 'momentum', 'adam']) {
      expect((plugin('optimizer', name).schema.properties as Record<string, Record<string, unknown>>).rate!.exclusiveMinimum).toBe(0);
    }
  });

  it('build working components from options', () => {
    const p: Param = { name: 'w', value: new Float64Array([1]), grad: new Float64Array([2]) };
    (plugin('optimizer', 'gd').create({ rate: 0.25 }, ctx) as Optimizer).step([p]);
    expect(p.value[0]).toBe(0.5); // 1 − 0.25·2
    (plugin('optimizer', 'momentum').create({ rate: 0.25, alpha: 0.5 }, ctx) as Optimizer).step([p]);
    expect(p.value[0]).toBe(0); // v = −0.5, w = 0.5 − 0.5
    (plugin('optimizer', 'adam').create({}, ctx) as Optimizer).step([p]);
    expect(p.value[0]).toBeCloseTo(-0.001, 9); // first Adam step ≈ −rate·sign(g)
    const mb = plugin('updater', 'mini-batch').create({ batchSize: 4 }, ctx) as Updater;
    expect([mb.batchSize(10), mb.shuffle]).toEqual([4, true]);
    expect((plugin('updater', 'online').create({}, ctx) as Updater).batchSize(10)).toBe(1);
    expect((plugin('updater', 'batch').create({}, ctx) as Updater).batchSize(10)).toBe(10);
  });
});
