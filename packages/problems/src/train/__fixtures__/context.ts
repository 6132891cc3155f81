/**
 * Test helpers for the trainer. @sia/problems may not import @sia/optimizers, so the
 * tests bring a plain gradient-descent optimizer and a mini-batch updater as fixture plugins,
 * registered through the same plugin contract as the real ones.
 */
import { compileRegistry, createRng, type ComponentPlugin, type Optimizer, type OptimizerState, type Param, type PluginRegistry, type StageContext, type Updater } from '@sia/core';
import { layersPlugins } from '@sia/layers';
import { problemsPlugins } from '../../plugins.js';
import type { TrainDefaults, TrainOptions } from '../train-options.js';

export const fixtureGd: ComponentPlugin<'optimizer', { rate?: number }> = Object.freeze({
  kind: 'optimizer',
  name: 'fixture:gd',
  version: '0.0.1',
  description: 'w <- w - rate * g (test fixture).',
  schema: { type: 'object', additionalProperties: false, properties: { rate: { type: 'number', default: 0.01, description: 'Step size.' } } },
  create: (config: { rate?: number }): Optimizer => {
    const gd = {
      name: 'fixture:gd',
      rate: config.rate ?? 0.01,
      setRate(rate: number) {
        gd.rate = rate;
      },
      step(params: readonly Param[]) {
        for (const p of params) for (let i = 0; i < p.value.length; i++) p.value[i] -= gd.rate * p.grad[i]!;
      },
      saveState: () => ({ numbers: { rate: gd.rate }, arrays: {} }),
      loadState(_params: readonly Param[], state: OptimizerState) {
        gd.rate = state.numbers.rate!;
      },
    };
    return gd;
  },
});

export const fixtureBatches: ComponentPlugin<'updater', { batchSize?: number }> = Object.freeze({
  kind: 'updater',
  name: 'fixture:batches',
  version: '0.0.1',
  description: 'Batches of batchSize, reshuffled each epoch (test fixture).',
  schema: { type: 'object', additionalProperties: false, properties: { batchSize: { type: 'integer', default: 4, description: 'Items per step.' } } },
  create: (config: { batchSize?: number }): Updater => ({ name: 'fixture:batches', shuffle: true, batchSize: (n) => Math.min(n, config.batchSize ?? 4) }),
});

/** Layers, problems and the two fixtures. */
export function testRegistry(): PluginRegistry {
  const r = compileRegistry([...layersPlugins, ...problemsPlugins, fixtureGd, fixtureBatches]);
  if (r.isErr()) throw new Error(r.error.map((e) => e.message).join('; '));
  return r.value;
}

/** A stage context for calling a trainer directly: components from `registry`, files ignored. */
export function testContext(registry: PluginRegistry, seed: number, stageId = 'model'): StageContext {
  const ctx: StageContext = {
    stageId,
    rng: createRng(seed).fork(stageId),
    outDir: '/nonexistent',
    baseDir: '/nonexistent',
    create(kind, config) {
      const { type, ...options } = config;
      const plugin = registry.component(kind, type);
      if (!plugin) throw new Error(`no ${kind} ${type}`);
      return plugin.create(options, ctx) as never;
    },
    validate: (kind, config) => registry.validateComponent(kind, config),
    plugin: (kind, name) => registry.component(kind, name),
    writeFile: (p) => p,
    progress: () => {},
    log: () => {},
  };
  return ctx;
}

/** Options of a trainer preset after its schema's defaults, plus `extra`, and the widths-shorthand defaults. */
export function trainerOptions(plugin: { schema: { properties?: unknown } }, extra: Partial<TrainOptions>): { config: TrainOptions; defaults: TrainDefaults } {
  const props = (plugin.schema.properties ?? {}) as Record<string, { default?: unknown }>;
  const config: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(props)) if (s.default !== undefined) config[k] = structuredClone(s.default);
  const defaults = { latent: 2, hidden: { type: 'tanh' }, latentActivation: { type: 'linear' } } as unknown as TrainDefaults;
  return { config: { ...(config as unknown as TrainOptions), ...extra }, defaults };
}
