import type { ComponentPlugin, Updater } from '@sia/core';

export type BatchConfig = Record<string, never>;

/** One update per epoch from the gradient over the whole set (order does not matter: no shuffle). */
export function batch(): Updater {
  return Object.freeze({ name: 'batch', shuffle: false, batchSize: (n: number): number => n });
}

export const batchPlugin: ComponentPlugin<'updater', BatchConfig> = Object.freeze({
  kind: 'updater',
  name: 'batch',
  version: '0.1.0',
  description: 'One update per epoch over the whole training set.',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  create: (): Updater => batch(),
});
