import { describe, expect, it } from 'vitest';
import { compileRegistry } from '@sia/core';
import { layersPlugins } from '@sia/layers';
import { resolveComponent, unknownPlugin } from './resolve.js';

const registry = compileRegistry(layersPlugins)._unsafeUnwrap();

describe('resolving the plugin to check', () => {
  it('fills in defaults as a pipeline does, nested components included', () => {
    const r = resolveComponent(registry, 'layer', 'dense', { units: 4, activation: { type: 'tanh' } })._unsafeUnwrap();
    expect(r.plugin.name).toBe('dense');
    expect(r.config).toEqual({ type: 'dense', units: 4, activation: { type: 'tanh', beta: 1 }, bias: 'zeros' });
    expect(resolveComponent(registry, 'loss', 'bce', {})._unsafeUnwrap().config).toEqual({ type: 'bce', reduction: 'mean', epsilon: 1e-7 });
  });

  it('refuses a value the schema refuses, in one sentence', () => {
    const e = resolveComponent(registry, 'activation', 'tanh', { beta: -1 })._unsafeUnwrapErr();
    expect(e).toMatchObject({ code: 'schema/invalid', message: '--with: activation tanh: beta must be > 0' });
    expect(resolveComponent(registry, 'layer', 'dense', {})._unsafeUnwrapErr().message).toBe("--with: layer dense: must have required property 'units'");
  });

  it('names an unknown option or nested type, with the closest known one', () => {
    expect(resolveComponent(registry, 'activation', 'tanh', { bta: 2 })._unsafeUnwrapErr().message).toBe(
      "--with: unknown option 'bta' of activation/tanh; did you mean beta? (its options: beta)",
    );
    expect(resolveComponent(registry, 'activation', 'linear', { beta: 2 })._unsafeUnwrapErr().message).toBe('--with: beta: activation/linear takes no options');
    expect(resolveComponent(registry, 'layer', 'dense', { units: 2, activation: { type: 'tahn' } })._unsafeUnwrapErr().message).toBe(
      "--with: activation.type: unknown activation 'tahn'; did you mean tanh? (known: linear, logistic, relu, tanh)",
    );
    expect(resolveComponent(registry, 'layer', 'dense', { units: 2, activation: { type: 'tanh', bta: 1 } })._unsafeUnwrapErr().message).toBe(
      "--with: unknown option 'activation.bta' of activation/tanh; did you mean activation.beta? (its options: beta)",
    );
  });

  it('names the closest plugin of the kind, or the kind a name belongs to', () => {
    expect(unknownPlugin(registry, 'activation', 'tahn')).toMatchObject({
      code: 'schema/unknown-plugin',
      message: "unknown activation 'tahn'; did you mean activation/tanh?",
      hint: 'known activations: linear, logistic, relu, tanh; load a third-party module with --plugin <path or package>',
    });
    expect(unknownPlugin(registry, 'activation', 'dense').message).toBe("unknown activation 'dense'; dense is a layer (layer/dense)");
    expect(unknownPlugin(registry, 'loss', 'zzzzzz').message).toBe("unknown loss 'zzzzzz'");
    expect(resolveComponent(registry, 'layer', 'conv3d', {})._unsafeUnwrapErr().message).toBe("unknown layer 'conv3d'; did you mean layer/conv2d?");
  });
});
