import type { ComponentPlugin, Updater } from '@sia/core';

export interface OnlineConfig {
  readonly shuffle?: boolean;
}

/** One item per update (stochastic gradient descent), in a fresh random order every epoch. */
export function online(shuffle = true): Updater {
  return Object.freeze({ name: 'online', shuffle, batchSize: (): number => 1 });
}

export const onlinePlugin: ComponentPlugin<'updater', OnlineConfig> = Object.freeze({
  kind: 'updater',
  name: 'online',
  version: '0.1.0',
  description: 'Update after every item (batch of one), reshuffled each epoch.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      shuffle: { type: 'boolean', default: true, description: "Reshuffle the items each epoch from the stage's stream." },
    },
  },
  create: (config: OnlineConfig): Updater => online(config.shuffle ?? true),
});
