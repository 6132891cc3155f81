import { describe, it, expect } from 'vitest';
import { createRng } from '../rng/xoshiro.js';
import { Matrix } from '../tensor/matrix.js';
import { modelComponents, uniformInit } from '../nn/__fixtures__/components.js';
import { planModel, type ArchitectureSpec } from './architecture.js';
import { Model } from './model.js';

const affine = (units: number, activation = 'tanh') => ({ type: 'affine', units, activation: { type: activation } });
const arch = (over: Partial<ArchitectureSpec> = {}): ArchitectureSpec => ({
  inputShape: [9],
  problem: { type: 'plain' },
  encoder: [affine(6), affine(4, 'sigmoid'), affine(2, 'linear')],
  decoder: 'mirror',
  output: { type: 'sigmoid' },
  ...over,
});

describe('planModel', () => {
  it('mirrors the encoder: each layer restores the width before it, with that layer\'s activation, the output activation last', () => {
    const plan = planModel(arch(), modelComponents)._unsafeUnwrap();
    expect(plan.spec.decoder).toEqual([
      { type: 'affine', units: 4, activation: { type: 'sigmoid' } },
      { type: 'affine', units: 6, activation: { type: 'tanh' } },
      { type: 'affine', units: 9, activation: { type: 'sigmoid' } },
    ]);
    expect(plan.encoderShapes).toEqual([[9], [6], [4], [2]]);
    expect(plan.decoderShapes).toEqual([[2], [4], [6], [9]]);
  });

  it('mirrors a flatten by a reshape back to the image shape', () => {
    const plan = planModel(arch({ inputShape: [3, 3, 1], encoder: [{ type: 'flatten' }, affine(2)] }), modelComponents)._unsafeUnwrap();
    expect(plan.spec.decoder).toEqual([{ type: 'affine', units: 9, activation: { type: 'sigmoid' } }, { type: 'reshape', shape: [3, 3, 1] }]);
    expect(plan.decoderShapes.at(-1)).toEqual([3, 3, 1]);
  });

  it('names the first encoder layer that cannot take its input', () => {
    const e = planModel(arch({ inputShape: [3, 3, 1], encoder: [affine(4), affine(2)] }), modelComponents)._unsafeUnwrapErr();
    expect(e).toEqual({ part: 'encoder', index: 0, message: 'encoder layer 0 (affine) cannot take a 3x3x1 input: takes a flat input' });
  });

  it('refuses a decoder that does not end at the input shape, naming its last layer', () => {
    const e = planModel(arch({ decoder: [affine(5)] }), modelComponents)._unsafeUnwrapErr();
    expect(e.part).toBe('decoder');
    expect(e.index).toBe(0);
    expect(e.message).toMatch(/ends at 5 but the input is 9/);
  });

  it('accepts a flat decoder output for an image input of the same size', () => {
    expect(planModel(arch({ inputShape: [3, 3, 1], encoder: [{ type: 'flatten' }, affine(2)], decoder: [affine(9)] }), modelComponents).isOk()).toBe(true);
  });

  it('refuses, in a float32 model, a layer without a float32 version, naming the layers that have one', () => {
    const e = planModel(arch({ precision: 'float32' }), modelComponents)._unsafeUnwrapErr();
    expect(e).toEqual({
      part: 'encoder',
      index: 0,
      message: 'encoder layer 0 (affine) has no float32 version: use precision float64, or layers that have one (dense, conv2d, conv2d-transpose, batch-norm, dropout, flatten, reshape)',
    });
  });

  it('refuses an encoder layer without a mirror image when the decoder is mirrored', () => {
    const e = planModel(arch({ inputShape: [9], encoder: [affine(4), { type: 'reshape', shape: [2, 2] }] }), modelComponents)._unsafeUnwrapErr();
    expect(e).toMatchObject({ part: 'encoder', index: 1 });
    expect(e.message).toMatch(/no mirror image: write the decoder out/);
  });
});

describe('Model', () => {
  const build = (seed: number) => Model.build(planModel(arch(), modelComponents)._unsafeUnwrap(), { weights: createRng(seed), noise: createRng(seed, 'n'), initializer: uniformInit });

  it('names its layers encoder.i and decoder.i, with their shapes', () => {
    const m = build(1);
    expect(m.describe()).toEqual({
      inputShape: [9],
      codeShape: [2],
      layers: [
        { name: 'encoder.0', type: 'affine', inputShape: [9], outputShape: [6] },
        { name: 'encoder.1', type: 'affine', inputShape: [6], outputShape: [4] },
        { name: 'encoder.2', type: 'affine', inputShape: [4], outputShape: [2] },
        { name: 'decoder.0', type: 'affine', inputShape: [2], outputShape: [4] },
        { name: 'decoder.1', type: 'affine', inputShape: [4], outputShape: [6] },
        { name: 'decoder.2', type: 'affine', inputShape: [6], outputShape: [9] },
      ],
    });
    expect(m.latentSize).toBe(2);
  });

  it('copies tensors in with loadTensors, checking names and shapes', () => {
    const a = build(1);
    const b = build(2);
    const x = Matrix.from([[1, 0, 1, 0, 1, 0, 1, 0, 1]]);
    expect(Array.from(b.reconstruct(x).data)).not.toEqual(Array.from(a.reconstruct(x).data));
    b.loadTensors(a.tensors());
    expect(Array.from(b.reconstruct(x).data)).toEqual(Array.from(a.reconstruct(x).data));
    const t = a.tensors();
    expect(() => b.loadTensors({ ...t, 'encoder.9.weight': t['encoder.0.weight']! })).toThrow(/encoder\.9\.weight belongs to no layer/);
    const { ['decoder.2.bias']: _gone, ...missing } = t;
    expect(() => b.loadTensors(missing)).toThrow(/decoder\.2\.bias is missing/);
    expect(() => b.loadTensors({ ...t, 'encoder.0.bias': { shape: [5], data: new Float64Array(5) } })).toThrow(/encoder\.0\.bias has shape \[5\], expected \[6\]/);
  });
});
