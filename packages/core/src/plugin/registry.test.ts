import { Container, ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { adam, fakePlugins, fakeTrainer, gd, letters } from '../pipeline/__fixtures__/fake-plugins.js';
import { pluginModule } from './plugin-module.js';
import { buildRegistry } from './registry.js';
import { PLUGIN_TOKENS, pluginToken } from './tokens.js';
import type { Plugin } from './types.js';

function registryOf(...modules: ContainerModule[]) {
  const container = new Container();
  container.load(...modules);
  return buildRegistry(container);
}

describe('pluginModule', () => {
  it('binds each plugin as a constant under Symbol.for(`sia.plugin.<kind>`)', () => {
    const container = new Container();
    container.load(pluginModule([adam, gd, letters]));
    expect(PLUGIN_TOKENS.optimizer).toBe(Symbol.for('sia.plugin.optimizer'));
    expect(container.getAll(pluginToken('optimizer'))).toEqual([adam, gd]);
    expect(container.getAll(Symbol.for('sia.plugin.dataset'))[0]).toBe(letters);
  });
});

describe('buildRegistry', () => {
  it('reads every kind; an absent kind is empty', () => {
    const registry = registryOf(pluginModule([adam, gd]), pluginModule([letters]))._unsafeUnwrap();
    expect(registry.names('optimizer')).toEqual(['adam', 'gd']);
    expect(registry.get('optimizer', 'adam')).toBe(adam);
    expect(registry.get('optimizer', 'nadam')).toBeUndefined();
    expect(registry.list('loss')).toEqual([]);
    expect(registry.names('train')).toEqual([]);
    expect(registry.list()).toHaveLength(3);
    expect(registry.kinds()).toEqual(['dataset', 'optimizer']);
  });

  it('a duplicate kind/name fails with plugin/duplicate naming it', () => {
    const other: Plugin = { ...adam, version: '2.0.0' };
    const r = registryOf(pluginModule([adam]), pluginModule([gd, other]));
    expect(r._unsafeUnwrapErr()).toEqual([
      { code: 'plugin/duplicate', message: 'plugin optimizer/adam is registered more than once', hint: 'versions 1.0.0 and 2.0.0' },
    ]);
  });

  it('the same module loaded twice is a duplicate too', () => {
    const r = registryOf(pluginModule([gd]), pluginModule([gd]));
    expect(r._unsafeUnwrapErr()[0]).toMatchObject({ code: 'plugin/duplicate', hint: expect.stringContaining('twice') });
  });

  it('checks each plugin shape and reports every problem, misspelt kinds included', () => {
    const noRun = { ...fakeTrainer, name: 'broken', run: undefined } as unknown as Plugin;
    const badKind = { ...gd, name: 'odd', kind: 'optimiser' } as unknown as Plugin;
    const badName = { ...gd, name: 'Bad Name' } as Plugin;
    const reserved = { ...gd, name: 'typed', schema: { type: 'object', properties: { type: { type: 'string' } } } } as Plugin;
    const r = registryOf(pluginModule([noRun, badKind, badName, reserved, adam]));
    const messages = r._unsafeUnwrapErr().map((e) => [e.code, e.message]);
    expect(messages).toEqual([
      ['plugin/invalid', 'plugin train/broken: a stage plugin needs run(config, inputs, ctx)'],
      ['plugin/invalid', expect.stringMatching(/^plugin optimizer\/Bad Name: name must be/)],
      ['plugin/invalid', 'plugin optimizer/typed: "type" is reserved (it names the component in a slot); rename that option'],
      ['plugin/invalid', 'plugin optimiser/odd: unknown kind "optimiser"'],
    ]);
  });

  it('a plugin whose schema does not compile is named (strict mode catches unknown keywords)', () => {
    const typo = { ...gd, name: 'typo', schema: { type: 'object', properties: { rate: { type: 'number', minimun: 0 } } } } as Plugin;
    const r = registryOf(pluginModule([adam, typo]));
    const [e] = r._unsafeUnwrapErr();
    expect(e.code).toBe('plugin/invalid');
    expect(e.message).toContain('plugin optimizer/typo has an invalid options schema');
    expect(e.message).toContain('minimun');
  });

  it('compiles the pipeline schema once and exposes it', () => {
    const registry = registryOf(pluginModule(fakePlugins))._unsafeUnwrap();
    const defs = (registry.pipelineSchema.$defs ?? {}) as Record<string, unknown>;
    expect(Object.keys(defs)).toEqual(expect.arrayContaining(['optimizer.adam', 'slot.optimizer', 'stage']));
    expect(Object.isFrozen(registry)).toBe(true);
  });
});
