import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import type { Plugin } from '@sia/core';
import { acceptExports, loadPluginModule, type PluginSource } from './load-module.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/plugins');

/** Stands in for core's pluginModule: remembers what it wrapped. */
function recordingWrap() {
  const wrapped: Plugin[][] = [];
  const wrap = (plugins: readonly Plugin[]): ContainerModule => {
    wrapped.push([...plugins]);
    return new ContainerModule(() => {});
  };
  return { wrapped, wrap };
}

const where = { file: 'pipelines/p.yaml', line: 4, column: 5, path: 'plugins[1]' };
const source = (specifier: string): PluginSource => ({ specifier, baseDirs: [FIXTURES], where });

describe('acceptExports', () => {
  const plugin = { kind: 'activation', name: 'x:y', version: '1', description: '', schema: {}, create: () => ({}) };

  it('accepts a default ContainerModule as is', () => {
    const { wrap, wrapped } = recordingWrap();
    const module = new ContainerModule(() => {});
    expect(acceptExports({ default: module }, wrap)._unsafeUnwrap()).toBe(module);
    expect(wrapped).toEqual([]);
  });

  it('wraps a default array of plugins, or a named `plugins` array', () => {
    const { wrap, wrapped } = recordingWrap();
    expect(acceptExports({ default: [plugin] }, wrap).isOk()).toBe(true);
    expect(acceptExports({ plugins: [plugin] }, wrap).isOk()).toBe(true);
    expect(wrapped).toEqual([[plugin], [plugin]]);
  });

  it('refuses anything else and says what it found', () => {
    const { wrap } = recordingWrap();
    expect(acceptExports({ helper: () => 1 }, wrap)._unsafeUnwrapErr()).toBe('exports no plugin (its exports: helper (function))');
    expect(acceptExports({ default: [] }, wrap)._unsafeUnwrapErr()).toBe("exports an empty plugin array as 'default'");
    expect(acceptExports({ default: [plugin, { kind: 'layer' }] }, wrap)._unsafeUnwrapErr()).toMatch(/element 1 is not a plugin/);
  });
});

describe('loadPluginModule', () => {
  it('imports a file relative to the pipeline folder and accepts its default array', async () => {
    const { wrap, wrapped } = recordingWrap();
    const loaded = (await loadPluginModule(source('./array-default.mjs'), wrap))._unsafeUnwrap();
    expect(loaded.file).toBe(join(FIXTURES, 'array-default.mjs'));
    expect(wrapped[0]?.map((p) => `${p.kind}/${p.name}`)).toEqual(['activation/fixture:cube']);
  });

  it('accepts a named `plugins` export', async () => {
    const { wrap, wrapped } = recordingWrap();
    expect((await loadPluginModule(source('./named-plugins.mjs'), wrap)).isOk()).toBe(true);
    expect(wrapped[0]?.[0]?.name).toBe('fixture:identity');
  });

  it('reports plugin/load-failed at the pipeline entry for a module without plugins', async () => {
    const e = (await loadPluginModule(source('./no-plugin.mjs'), recordingWrap().wrap))._unsafeUnwrapErr();
    expect(e).toMatchObject({ code: 'plugin/load-failed', ...where });
    expect(e.message).toContain("plugin module './no-plugin.mjs' exports no plugin (its exports: default (object), greeting (string))");
  });

  it('reports plugin/load-failed for an import that throws, and for a missing file', async () => {
    const thrown = (await loadPluginModule(source('./throws-on-import.mjs'), recordingWrap().wrap))._unsafeUnwrapErr();
    expect(thrown).toMatchObject({ code: 'plugin/load-failed', line: 4, column: 5 });
    expect(thrown.message).toContain('fixture exploded while loading');
    const missing = (await loadPluginModule(source('./missing.mjs'), recordingWrap().wrap))._unsafeUnwrapErr();
    expect(missing.message).toContain("cannot find plugin module './missing.mjs'");
    expect(missing.hint).toContain("relative to the pipeline file's folder");
  });
});
