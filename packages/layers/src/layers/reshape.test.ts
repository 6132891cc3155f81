import { describe, it, expect } from 'vitest';
import { Matrix, compileRegistry, createComponentContext, createRng } from '@sia/core';
import type { LayerBlueprint } from '@sia/core';
import { UniformInitializer } from '../initializers/uniform.js';
import { layersPlugins } from '../plugins.js';

const ctx = createComponentContext(compileRegistry(layersPlugins)._unsafeUnwrap());
const bp = (config: Record<string, unknown>): LayerBlueprint => ctx.create('layer', config as never) as LayerBlueprint;
const build = (config: Record<string, unknown>, inputShape: number[]) =>
  bp(config).build({ name: 'l', inputShape, weights: createRng(1), noise: createRng(2), initializer: new UniformInitializer() });

describe('layer/flatten and layer/reshape', () => {
  it('give the item another shape of the same size, and say why not in words', () => {
    expect(bp({ type: 'flatten' }).outputShape([7, 5, 1])).toEqual([35]);
    expect(bp({ type: 'reshape', shape: [7, 5, 1] }).outputShape([35])).toEqual([7, 5, 1]);
    expect(bp({ type: 'reshape', shape: [4, 4, 1] }).outputShape([35])).toBe('a 35 input (35 values) cannot be reshaped to 4x4x1 (16 values)');
  });

  it('move no number: forward returns the batch, backward the gradient', () => {
    const layer = build({ type: 'flatten' }, [2, 2, 1]);
    const x = Matrix.from([[1, 2, 3, 4]]);
    expect(layer.forward(x, true)).toBe(x);
    expect(layer.backward(x)).toBe(x);
    expect(layer.params).toEqual([]);
    expect([layer.inputSize, layer.outputSize]).toEqual([4, 4]);
  });

  it('mirror into each other', () => {
    expect(bp({ type: 'flatten' }).mirror!([7, 5, 1], {})).toEqual([{ type: 'reshape', shape: [7, 5, 1] }]);
    expect(bp({ type: 'flatten' }).mirror!([35], {})).toEqual([]);
    expect(bp({ type: 'reshape', shape: [7, 5, 1] }).mirror!([35], {})).toEqual([{ type: 'flatten' }]);
    expect(bp({ type: 'reshape', shape: [35] }).mirror!([5, 7, 1], {})).toEqual([{ type: 'reshape', shape: [5, 7, 1] }]);
  });
});
