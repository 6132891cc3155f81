import { Ajv } from 'ajv';
import { EXPECTED_KEYWORD, KIND_KEYWORD, NONE_KEYWORD } from './pipeline-schema.js';

/**
 * The ajv set-up every pipeline schema is compiled with. `allErrors` so one run shows every
 * mistake; `useDefaults` so the resolved pipeline carries every default (inside slots too: the
 * discriminator validates only the chosen branch, and ajv applies defaults there); `strict` so a
 * typo in a plugin's schema keyword fails at start-up rather than being silently ignored;
 * `verbose` so errors carry the schema and data they concern (for messages and hints).
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: true,
    strict: true,
    allowUnionTypes: true,
    discriminator: true,
    verbose: true,
  });
  ajv.addKeyword({ keyword: KIND_KEYWORD, schemaType: 'string' });
  ajv.addKeyword({ keyword: EXPECTED_KEYWORD, schemaType: 'string' });
  ajv.addKeyword({ keyword: NONE_KEYWORD, schemaType: 'boolean', validate: () => false });
  return ajv;
}
