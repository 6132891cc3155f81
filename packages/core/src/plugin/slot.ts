import type { ComponentKind, OptionsSchema } from './types.js';

/** The schema keyword that marks a component slot inside a plugin's options schema. */
export const SLOT_KEYWORD = 'x-sia-slot';

/**
 * A property whose value is a component `{ type: name, ...options }` of the given kind.
 * When the schema is assembled, the slot becomes a `oneOf` over the registered plugins of
 * that kind, keyed on `type`, so each nested object is checked against its own plugin's schema.
 */
export function slot(kind: ComponentKind, defaultValue?: { type: string; [k: string]: unknown }, description?: string): OptionsSchema {
  const s: Record<string, unknown> = { [SLOT_KEYWORD]: kind };
  if (defaultValue !== undefined) s.default = defaultValue;
  if (description !== undefined) s.description = description;
  return s;
}
