import type { ComponentKind, ComponentPlugin, StagePlugin } from './types.js';

/**
 * Freezes a stage plugin and keeps its literal types checked against `StagePlugin<C>`
 * (`Object.freeze({...})` alone widens `kind: 'train'` to `string` and loses the parameter types
 * of `run`). `export const fooPlugin = defineStage<FooConfig>({ kind: 'train', ... })`.
 */
export function defineStage<C>(plugin: StagePlugin<C>): StagePlugin<C> {
  return Object.freeze(plugin);
}

/** The same for a component plugin: `defineComponent<'optimizer', AdamConfig>({ ... })`. */
export function defineComponent<K extends ComponentKind, C>(plugin: ComponentPlugin<K, C>): ComponentPlugin<K, C> {
  return Object.freeze(plugin);
}
