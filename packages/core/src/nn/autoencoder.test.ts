import { describe, it, expect } from 'vitest';
import { Matrix } from '../tensor/matrix.js';
import { createRng } from '../rng/xoshiro.js';
import { Autoencoder } from './autoencoder.js';
import { checkLayerGradients } from './grad-check.js';
import { identity, mse, sigmoid, tanh, uniformInit } from './__fixtures__/components.js';

const spec = { inputSize: 6, hidden: [5, 4], latent: 2, hiddenActivation: tanh, latentActivation: identity, outputActivation: sigmoid };

function data(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'data');
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.5 ? 0 : 1;
  return m;
}

describe('Autoencoder', () => {
  it('mirrors the encoder in the decoder and names every tensor', () => {
    const ae = Autoencoder.create({ ...spec, initializer: uniformInit, rng: createRng(1) });
    expect(ae.layers.map((l) => `${l.name}:${l.inputSize}->${l.outputSize}:${l.activation.name}`)).toEqual([
      'encoder.0:6->5:tanh', 'encoder.1:5->4:tanh', 'encoder.2:4->2:linear',
      'decoder.0:2->4:tanh', 'decoder.1:4->5:tanh', 'decoder.2:5->6:sigmoid',
    ]);
    const t = ae.tensors();
    expect(Object.keys(t)).toEqual([
      'encoder.0.weight', 'encoder.0.bias', 'encoder.1.weight', 'encoder.1.bias', 'encoder.2.weight', 'encoder.2.bias',
      'decoder.0.weight', 'decoder.0.bias', 'decoder.1.weight', 'decoder.1.bias', 'decoder.2.weight', 'decoder.2.bias',
    ]);
    expect(t['encoder.1.weight']!.shape).toEqual([4, 5]);
    expect(t['decoder.2.bias']!.shape).toEqual([6]);
    expect(ae.params.map((p) => p.name)).toEqual(Object.keys(t));
    expect(ae.describe()).toMatchObject({ type: 'autoencoder', inputSize: 6, hidden: [5, 4], latent: 2 });
  });

  it('takes one hidden activation per layer, mirrored', () => {
    const ae = Autoencoder.create({ ...spec, hiddenActivation: [tanh, sigmoid], initializer: uniformInit, rng: createRng(1) });
    expect(ae.layers.map((l) => l.activation.name)).toEqual(['tanh', 'sigmoid', 'linear', 'sigmoid', 'tanh', 'sigmoid']);
    expect(() => Autoencoder.create({ ...spec, hiddenActivation: [tanh], initializer: uniformInit, rng: createRng(1) })).toThrow(/1 hidden activations/);
  });

  it('encode, decode and reconstruct agree and return fresh matrices', () => {
    const ae = Autoencoder.create({ ...spec, initializer: uniformInit, rng: createRng(2) });
    const x = data(3, 6, 1);
    const z = ae.encode(x);
    expect([z.rows, z.cols]).toEqual([3, 2]);
    const y = ae.decode(z);
    const r = ae.reconstruct(x);
    expect(r.toArrays()).toEqual(y.toArrays());
    expect(ae.reconstruct(x)).not.toBe(r);
  });

  it('weights depend on the seed, and on each layer only through its name', () => {
    const a = Autoencoder.create({ ...spec, initializer: uniformInit, rng: createRng(5) });
    const b = Autoencoder.create({ ...spec, initializer: uniformInit, rng: createRng(5) });
    const c = Autoencoder.create({ ...spec, initializer: uniformInit, rng: createRng(6) });
    expect(Array.from(a.params[0]!.value)).toEqual(Array.from(b.params[0]!.value));
    expect(Array.from(a.params[0]!.value)).not.toEqual(Array.from(c.params[0]!.value));
    // A wider second hidden layer leaves encoder.0 as it was (each layer forks by name).
    const d = Autoencoder.create({ ...spec, hidden: [5, 3], initializer: uniformInit, rng: createRng(5) });
    expect(Array.from(d.params[0]!.value)).toEqual(Array.from(a.params[0]!.value));
  });

  it('rebuilds from its tensors and rejects a wrong shape', () => {
    const a = Autoencoder.create({ ...spec, initializer: uniformInit, rng: createRng(3) });
    const copy = Object.fromEntries(Object.entries(a.tensors()).map(([k, t]) => [k, { shape: t.shape, data: t.data.slice() }]));
    const b = Autoencoder.fromTensors(spec, copy);
    const x = data(4, 6, 2);
    expect(b.reconstruct(x).toArrays()).toEqual(a.reconstruct(x).toArrays());
    const c = Autoencoder.create({ ...spec, initializer: uniformInit, rng: createRng(4) });
    c.loadTensors(copy);
    expect(c.reconstruct(x).toArrays()).toEqual(a.reconstruct(x).toArrays());
    expect(() => Autoencoder.fromTensors(spec, { ...copy, 'encoder.1.weight': { shape: [5, 4], data: new Float64Array(20) } })).toThrow(/encoder.1.weight has shape \[5, 4\], expected \[4, 5\]/);
    const missing = { ...copy };
    delete missing['decoder.0.bias'];
    expect(() => Autoencoder.fromTensors(spec, missing)).toThrow(/decoder.0.bias is missing/);
  });

  it('passes a network-level finite-difference check with a loss', () => {
    const ae = Autoencoder.create({ ...spec, initializer: uniformInit, rng: createRng(7) });
    const x = data(4, 6, 3);
    const r = checkLayerGradients(ae, x, { loss: mse, target: x.clone() });
    expect(r.maxRelativeError).toBeLessThan(1e-5);
    expect(r.checked).toBe(ae.params.reduce((s, p) => s + p.value.length, 0) + 24);
  });
});
