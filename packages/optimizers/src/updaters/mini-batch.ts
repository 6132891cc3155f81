import type { ComponentPlugin, Updater } from '@sia/core';

export interface MiniBatchConfig {
  readonly batchSize?: number;
  readonly shuffle?: boolean;
}

/**
 * Updates after every `batchSize` items (the last batch of an epoch may be shorter), in a fresh
 * random order every epoch. A batch size at or above the set size is one batch per epoch.
 */
export function miniBatch(batchSize = 8, shuffle = true): Updater {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`mini-batch: batchSize must be a positive integer, got ${batchSize}`);
  return Object.freeze({ name: 'mini-batch', shuffle, batchSize: (n: number): number => Math.min(batchSize, n) });
}

export const miniBatchPlugin: ComponentPlugin<'updater', MiniBatchConfig> = Object.freeze({
  kind: 'updater',
  name: 'mini-batch',
  version: '0.1.0',
  description: 'Update after every batchSize items, reshuffled each epoch.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      batchSize: { type: 'integer', minimum: 1, default: 8, description: 'Items per update.' },
      shuffle: { type: 'boolean', default: true, description: "Reshuffle the items each epoch from the stage's stream." },
    },
  },
  create: (config: MiniBatchConfig): Updater => miniBatch(config.batchSize ?? 8, config.shuffle ?? true),
});
