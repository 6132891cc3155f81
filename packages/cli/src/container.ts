import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Container, type ContainerModule } from 'inversify';
import { err, type Result } from 'neverthrow';
import { ANY_PLUGIN_TOKEN, buildRegistry, pluginModule, validatorCacheDir, type Plugin, type PluginRegistry, type PluginRequest, type SiaError } from '@sia/core';
import { layersPlugins } from '@sia/layers';
import { optimizersPlugins } from '@sia/optimizers';
import { problemsPlugins } from '@sia/problems';
import { loadPluginModule, type PluginSource } from './plugins/load-module.js';
import { isPathSpecifier } from './plugins/resolve-specifier.js';

/**
 * The composition root: the only place in sia with an inversify Container. It loads the
 * first-party plugin modules, then the third-party modules a pipeline (or `--plugin`) names,
 * and hands the container to core's `buildRegistry`, which checks every plugin, rejects
 * duplicates, compiles the pipeline schema and freezes the registry. Nothing below the CLI ever
 * sees the container.
 */

/** First-party modules, registered through the same public call a third party uses. One line each. */
function firstPartyModules(): ContainerModule[] {
  return [
    pluginModule(layersPlugins),
    pluginModule(optimizersPlugins),
    pluginModule(problemsPlugins),
  ];
}

/**
 * The pipeline's `plugins:` entries as sources: paths resolve from the pipeline file's folder,
 * package names from there and then from the current folder.
 */
export function sourcesFromPipeline(requests: readonly PluginRequest[], cwd: string = process.cwd()): PluginSource[] {
  return requests.map((r) => ({
    specifier: r.specifier,
    baseDirs: [dirname(resolve(cwd, r.file)), cwd],
    where: { file: r.file, line: r.line, column: r.column, path: r.path },
  }));
}

/**
 * `sia plugins --plugin <specifier>`: resolved from the current folder. On the command line a
 * name that exists as a file or folder there is taken as a path (people type `dir/plugin.js`
 * without `./`); otherwise it is a package name.
 */
export function sourcesFromFlags(specifiers: readonly string[], cwd: string = process.cwd()): PluginSource[] {
  return specifiers.map((flag) => {
    const specifier = !isPathSpecifier(flag) && existsSync(resolve(cwd, flag)) ? `./${flag}` : flag;
    return { specifier, baseDirs: [cwd], where: { file: `--plugin ${flag}` } };
  });
}

/**
 * Builds the registry from the first-party plugins plus the given third-party modules. Every
 * module that cannot be found, imported or loaded is reported (`plugin/load-failed`, at its
 * entry), not just the first. A module listed twice (same file) is loaded once.
 */
export async function buildPluginRegistry(sources: readonly PluginSource[]): Promise<Result<PluginRegistry, SiaError[]>> {
  const container = new Container();
  container.load(...firstPartyModules());

  const loaded = await Promise.all(sources.map((s) => loadPluginModule(s, pluginModule)));
  const errors: SiaError[] = [];
  const seen = new Set<string>();
  // The plugins of each path-loaded module, found by loading the module into a scratch container.
  const codes = new WeakMap<object, string>();
  loaded.forEach((result, i) => {
    if (result.isErr()) {
      errors.push(result.error);
      return;
    }
    const { module, file, codeHash } = result.value;
    if (seen.has(file)) return;
    seen.add(file);
    try {
      if (codeHash !== undefined) {
        const scratch = new Container();
        scratch.load(module);
        for (const p of scratch.getAll<object>(ANY_PLUGIN_TOKEN, { optional: true })) codes.set(p, codeHash);
      }
      container.load(module);
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
      errors.push({
        code: 'plugin/load-failed',
        message: `loading plugin module '${sources[i]!.specifier}' failed: ${message}`,
        ...sources[i]!.where,
        hint: 'a plugin module must bind synchronously; build it with pluginModule([...]) from @sia/core',
      });
    }
  });
  if (errors.length > 0) return err(errors);
  // The compiled pipeline validator is cached on disk: start-up skips ~130 ms of ajv compiling.
  const validatorCache = validatorCacheDir();
  const codeOf = (p: Plugin): string | undefined => codes.get(p);
  return buildRegistry(container, { codeOf, ...(validatorCache === undefined ? {} : { validatorCache }) });
}
