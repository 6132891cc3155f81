import { pathToFileURL } from 'node:url';
import { ContainerModule } from 'inversify';
import { err, ok, type Result } from 'neverthrow';
import type { Plugin, SiaError } from '@sia/core';
import { isPathSpecifier, resolvePluginSpecifier } from './resolve-specifier.js';
import { pluginCodeHash } from './code-hash.js';

/** Where a third-party plugin module was asked for, and where to look for it. */
export interface PluginSource {
  /** As written: `./acme.js`, `sia-plugin-acme`. */
  readonly specifier: string;
  /** Folders to resolve from, in order: the pipeline file's folder, then the cwd. */
  readonly baseDirs: readonly string[];
  /** Location reported in errors: the `plugins:` entry in the pipeline, or `--plugin`. */
  readonly where: Pick<SiaError, 'file' | 'line' | 'column' | 'path'>;
}

/** A module that is loaded into the container, and the file it came from. */
export interface LoadedPluginModule {
  readonly module: ContainerModule;
  readonly file: string;
  /** For a module loaded from a path: a hash of its package's code (see `pluginCodeHash`). */
  readonly codeHash?: string;
}

/** Turns a plugin array into a container module: core's `pluginModule`, injected for testing. */
export type WrapPlugins = (plugins: readonly Plugin[]) => ContainerModule;

/** How long a plugin module may take to load: `SIA_PLUGIN_TIMEOUT` seconds, default 10. */
function importTimeoutMs(): number {
  const s = Number(process.env.SIA_PLUGIN_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 10_000;
}

/**
 * Resolves and imports one third-party plugin module and accepts, in this order:
 * a default export that is a ContainerModule (`export default pluginModule([...])`) or an array
 * of plugins; a named export `plugins` (an array, or a ContainerModule). Anything else, a file
 * that cannot be found, or an import that throws, is `plugin/load-failed` at `where`.
 */
export async function loadPluginModule(source: PluginSource, wrap: WrapPlugins): Promise<Result<LoadedPluginModule, SiaError>> {
  const fail = (message: string, hint?: string): Result<LoadedPluginModule, SiaError> =>
    err({ code: 'plugin/load-failed', message, ...source.where, ...(hint ? { hint } : {}) });
  const resolved = resolvePluginSpecifier(source.specifier, source.baseDirs);
  if (resolved.isErr()) {
    const asPath = `./${source.specifier}`;
    const hint = isPathSpecifier(source.specifier)
      ? "a path is relative to the pipeline file's folder"
      : resolvePluginSpecifier(asPath, source.baseDirs).isOk()
        ? `a name without ./ is a package; to load the file, write ${asPath}`
        : `install it where the pipeline or the current folder can see it, e.g. npm install ${source.specifier}`;
    return fail(`cannot find plugin module '${source.specifier}': ${resolved.error}`, hint);
  }
  const file = resolved.value;
  let namespace: Record<string, unknown>;
  const limit = importTimeoutMs();
  let timer: NodeJS.Timeout | undefined;
  try {
    // A module whose top-level code never settles would hang the command: give it a time limit.
    const timeout = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), limit)));
    const got = await Promise.race([import(pathToFileURL(file).href) as Promise<Record<string, unknown>>, timeout]);
    if (got === 'timeout') {
      return fail(`plugin module '${source.specifier}' (${file}) did not finish loading within ${limit / 1000} s`, 'its top-level code waits for something that never comes; SIA_PLUGIN_TIMEOUT=<seconds> allows longer');
    }
    namespace = got;
  } catch (e) {
    return fail(`cannot import plugin module '${source.specifier}' (${file}): ${firstLine(e)}`);
  } finally {
    clearTimeout(timer);
  }
  const accepted = acceptExports(namespace, wrap);
  if (accepted.isErr()) return fail(`plugin module '${source.specifier}' ${accepted.error}`, EXPECTED);
  // A package is pinned by its version; a module loaded from a path is edited in place, so its code counts.
  return ok({ module: accepted.value, file, ...(isPathSpecifier(source.specifier) ? { codeHash: pluginCodeHash(file) } : {}) });
}

const EXPECTED =
  "expected `export default pluginModule([...])` (pluginModule from @sia/core), a default export that is an array of plugins, or a named export 'plugins'";

/** The module a namespace provides, or why it provides none. */
export function acceptExports(namespace: Record<string, unknown>, wrap: WrapPlugins): Result<ContainerModule, string> {
  for (const key of ['default', 'plugins']) {
    const value = namespace[key];
    if (value === undefined) continue;
    if (isContainerModule(value)) return ok(value);
    if (Array.isArray(value)) {
      if (value.length === 0) return err(`exports an empty plugin array as '${key}'`);
      const bad = value.findIndex((p) => !isPlugin(p));
      if (bad >= 0) return err(`exports an array as '${key}' whose element ${bad} is not a plugin (it needs kind, name, and create or run)`);
      try {
        return ok(wrap(value as Plugin[]));
      } catch (e) {
        return err(`exports plugins that could not be registered: ${firstLine(e)}`);
      }
    }
  }
  const names = Object.keys(namespace).sort().map((k) => `${k} (${describe(namespace[k])})`);
  return err(`exports no plugin (its exports: ${names.length > 0 ? names.join(', ') : 'none'})`);
}

/** A ContainerModule from this inversify, or one from another copy (same shape). */
function isContainerModule(value: unknown): value is ContainerModule {
  if (value instanceof ContainerModule) return true;
  const v = value as { load?: unknown; id?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.load === 'function' && typeof v.id === 'number';
}

function isPlugin(value: unknown): value is Plugin {
  const p = value as Record<string, unknown> | null;
  return typeof p === 'object' && p !== null && typeof p.kind === 'string' && typeof p.name === 'string'
    && (typeof p.create === 'function' || typeof p.run === 'function');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** The first line of an error's message: module errors carry long stacks. */
export function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0] ?? message;
}
