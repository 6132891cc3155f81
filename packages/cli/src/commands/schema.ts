import { resolve } from 'node:path';
import { FileWriteError, siaError, writeFileWhole } from '@sia/core';
import { buildPluginRegistry, sourcesFromFlags } from '../container.js';
import { EXIT_OK } from '../exit-codes.js';
import { reportErrors } from '../report-errors.js';
import { editorSchema } from '../schema/editor-schema.js';

export interface SchemaFlags {
  /** Third-party modules to include (`--plugin`, repeatable), resolved from the cwd. */
  readonly plugin: readonly string[];
  /** Write the schema to this file (atomically) instead of printing it. */
  readonly out?: string;
}

/** The editor schema of pipelines with the first-party plugins and `plugin`, as pretty JSON text. */
export async function schemaText(plugin: readonly string[]): Promise<{ text: string } | { exit: number }> {
  const registry = await buildPluginRegistry(sourcesFromFlags(plugin));
  if (registry.isErr()) return { exit: reportErrors(registry.error) };
  const schema = editorSchema(registry.value.pipelineSchema, registry.value.list());
  return { text: `${JSON.stringify(schema, null, 2)}\n` };
}

/**
 * `sia schema [--plugin <specifier>...] [--out <file>]`: the JSON Schema of a pipeline document
 * with the registered plugins, for editors (yaml-language-server's `$schema` modeline) and other
 * tools. Printed on stdout, or written whole to `--out` (nothing written when a plugin fails to load).
 */
export async function schemaCommand(flags: SchemaFlags): Promise<number> {
  const made = await schemaText(flags.plugin);
  if ('exit' in made) return made.exit;
  if (flags.out === undefined) {
    process.stdout.write(made.text);
    return EXIT_OK;
  }
  try {
    writeFileWhole(resolve(flags.out), made.text);
  } catch (e) {
    if (!(e instanceof FileWriteError)) throw e;
    return reportErrors([siaError('io/write-failed', e.message)]);
  }
  return EXIT_OK;
}
