import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import { EXPECTED_KEYWORD, KIND_KEYWORD, NONE_KEYWORD } from './pipeline-schema.js';

/**
 * The ajv set-up every pipeline schema is compiled with. `allErrors` so one run shows every
 * mistake; `useDefaults` so the resolved pipeline carries every default (inside slots too: the
 * discriminator validates only the chosen branch, and ajv applies defaults there); `strict` so a
 * typo in a plugin's schema keyword fails at start-up rather than being silently ignored;
 * `verbose` so errors carry the schema and data they concern (for messages and hints).
 * `code.optimize: false` skips ajv's pass over the generated code: the schema is compiled once per
 * command and a document validated once, so that pass cost a third of the compile (~50 ms of
 * `sia validate`'s start-up) for nothing. `source` keeps the generated code, for the validator
 * cache (`validator-cache.ts`).
 */
export function createAjv(options: { source?: boolean } = {}): Ajv {
  // Loaded on first use: with the validator cache warm, a command needs only ajv's small runtime
  // helpers, not its ~100-file compiler (~40 ms of start-up).
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new AjvClass({
    allErrors: true,
    useDefaults: true,
    strict: true,
    allowUnionTypes: true,
    discriminator: true,
    verbose: true,
    code: { optimize: false, source: options.source === true },
  });
  ajv.addKeyword({ keyword: KIND_KEYWORD, schemaType: 'string' });
  ajv.addKeyword({ keyword: EXPECTED_KEYWORD, schemaType: 'string' });
  ajv.addKeyword({ keyword: NONE_KEYWORD, schemaType: 'boolean', validate: () => false });
  return ajv;
}
