import { describePlugins, formatPluginList } from '@sia/core';
import { buildPluginRegistry, sourcesFromFlags } from '../container.js';
import { EXIT_OK } from '../exit-codes.js';
import { reportErrors } from '../report-errors.js';

export interface PluginsFlags {
  readonly json: boolean;
  /** Third-party modules to include (`--plugin`, repeatable), resolved from the cwd. */
  readonly plugin: readonly string[];
}

/** `sia plugins [--json] [--plugin <specifier>...]`: every plugin by kind and name with its options. */
export async function pluginsCommand(flags: PluginsFlags): Promise<number> {
  const registry = await buildPluginRegistry(sourcesFromFlags(flags.plugin));
  if (registry.isErr()) return reportErrors(registry.error);
  const descriptions = describePlugins(registry.value);
  const text = flags.json ? JSON.stringify(descriptions, null, 2) : formatPluginList(descriptions);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return EXIT_OK;
}
