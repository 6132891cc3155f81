import { describe, it, expect } from 'vitest';
import { Matrix } from '../tensor/matrix.js';
import { createRng, restoreStreams, saveStreams, type StreamState } from '../rng/xoshiro.js';
import { Sequential } from '../nn/sequential.js';
import type { Rng } from '../rng/rng.js';
import { fit, fitEpochs, fitState } from './fit.js';
import { drain } from './drive.js';
import type { FitNoise } from './fit.js';
import { reconstructionStep } from './step.js';
import type { Trainable } from './step.js';
import { affine, identity, mse, sgd, sigmoid, tanh, updater } from '../nn/__fixtures__/components.js';

/** 9-hidden-2-hidden-9: tanh hidden layers, the latent activation given, a sigmoid output. */
function network(rng: Rng, hidden: number, latent: 'linear' | 'tanh'): Sequential {
  const code = latent === 'tanh' ? tanh : identity;
  return new Sequential([
    affine(9, hidden, tanh, rng.fork('encoder.0')),
    affine(hidden, 2, code, rng.fork('encoder.1')),
    affine(2, hidden, tanh, rng.fork('decoder.0')),
    affine(hidden, 9, sigmoid, rng.fork('decoder.1')),
  ]);
}

/** Eight 3×3 "glyphs" (binary, 9 pixels): a small stand-in for the 5×7 font. */
const GLYPHS = Matrix.from([
  [1, 1, 1, 1, 0, 1, 1, 1, 1],
  [0, 1, 0, 0, 1, 0, 0, 1, 0],
  [1, 1, 1, 0, 0, 1, 1, 1, 1],
  [1, 0, 1, 1, 1, 1, 0, 0, 1],
  [1, 1, 0, 1, 0, 0, 1, 1, 0],
  [0, 0, 0, 1, 1, 1, 0, 0, 0],
  [1, 0, 0, 0, 1, 0, 0, 0, 1],
  [0, 0, 1, 0, 1, 0, 1, 0, 0],
]);

const flip: FitNoise = (clean, out, rng) => {
  for (let i = 0; i < clean.data.length; i++) out.data[i] = rng.uniform() < 0.1 ? 1 - clean.data[i]! : clean.data[i]!;
};

function train(seed: number, epochs: number, batch: number | 'all', shuffle: boolean, noise?: FitNoise) {
  const rng = createRng(seed, 'model');
  const ae = network(rng, 6, 'linear');
  const result = fit(reconstructionStep(ae, mse), { inputs: GLYPHS, targets: GLYPHS }, {
    optimizer: sgd(0.5), updater: updater(batch, shuffle), epochs, rng, ...(noise ? { noise } : {}),
  });
  const weights = ae.params.flatMap((p) => Array.from(p.value));
  return { ae, result, weights };
}

describe('fit', () => {
  it('is deterministic: same seed => bit-identical weights, another seed => different', () => {
    for (const [batch, shuffle, noise] of [[1, true, undefined], [3, true, flip], ['all', false, undefined]] as const) {
      const a = train(11, 30, batch, shuffle, noise);
      const b = train(11, 30, batch, shuffle, noise);
      const c = train(12, 30, batch, shuffle, noise);
      expect(a.weights).toEqual(b.weights);
      expect(a.result.history).toEqual(b.result.history);
      expect(c.weights).not.toEqual(a.weights);
    }
  });

  it('reduces the loss on glyph-like binary vectors', () => {
    const { result } = train(3, 400, 1, true);
    expect(result.epochs).toBe(400);
    expect(result.stop).toBe('epochs');
    expect(result.history).toHaveLength(400);
    // Mean of the first 10 epochs versus the last 10: training must at least halve the loss.
    const first = result.history.slice(0, 10).reduce((a, b) => a + b, 0) / 10;
    const last = result.history.slice(-10).reduce((a, b) => a + b, 0) / 10;
    expect(last).toBeLessThan(first / 2);
  });

  it('cuts each epoch into batches, the last one shorter, covering every item once', () => {
    const seen: number[][] = [];
    const model: Trainable = {
      params: [],
      trainStep(x, t) {
        expect(x.toArrays()).toEqual(t.toArrays()); // no noise: inputs equal targets row by row
        seen.push(Array.from({ length: x.rows }, (_, i) => x.get(i, 0)));
        return 1;
      },
    };
    const items = Matrix.from(Array.from({ length: 10 }, (_, i) => [i]));
    const r = fit(model, { inputs: items, targets: items }, { optimizer: sgd(1), updater: updater(3, true), epochs: 2, rng: createRng(1) });
    expect(seen.map((b) => b.length)).toEqual([3, 3, 3, 1, 3, 3, 3, 1]);
    for (const epoch of [seen.slice(0, 4), seen.slice(4)]) expect(epoch.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.slice(0, 4).flat()).not.toEqual(seen.slice(4).flat()); // reshuffled
    // Mean loss per item: every batch reports 1 => epoch mean 1.
    expect(r.history).toEqual([1, 1]);
  });

  it('trains on fresh noise each epoch while targets stay clean', () => {
    const inputsSeen: number[][] = [];
    const model: Trainable = {
      params: [],
      trainStep(x, t) {
        expect(t.toArrays()).toEqual(GLYPHS.toArrays());
        inputsSeen.push(Array.from(x.data));
        return 0;
      },
    };
    fit(model, { inputs: GLYPHS, targets: GLYPHS }, { optimizer: sgd(1), updater: updater('all', false), epochs: 3, rng: createRng(2), noise: flip });
    expect(inputsSeen).toHaveLength(3);
    expect(inputsSeen[0]).not.toEqual(Array.from(GLYPHS.data));
    expect(inputsSeen[1]).not.toEqual(inputsSeen[0]);
  });

  it('stops when onEpoch returns true', () => {
    const r = (() => {
      const rng = createRng(1);
      const ae = network(rng, 4, 'tanh');
      const calls: Array<[number, number]> = [];
      const res = fit(reconstructionStep(ae, mse), { inputs: GLYPHS, targets: GLYPHS }, {
        optimizer: sgd(0.1), updater: updater(2, true), epochs: 100, rng,
        onEpoch: (e, loss) => { calls.push([e, loss]); return e === 5; },
      });
      return { res, calls };
    })();
    expect(r.res.stop).toBe('callback');
    expect(r.res.epochs).toBe(5);
    expect(r.calls.map(([e]) => e)).toEqual([1, 2, 3, 4, 5]);
    expect(r.res.history).toEqual(r.calls.map(([, l]) => l));
  });

  it('stops on a non-finite loss, before stepping, and says in which epoch', () => {
    let steps = 0;
    let calls = 0;
    const model: Trainable = { params: [], trainStep: () => (++calls === 7 ? Number.NaN : 0.5) };
    const counting = { name: 'count', step: () => { steps++; } };
    // 4 items, batch 2 => 2 steps per epoch; the 7th batch is the first of epoch 4.
    const items = new Matrix(4, 1);
    const r = fit(model, { inputs: items, targets: items }, { optimizer: counting, updater: updater(2, false), epochs: 10, rng: createRng(1) });
    expect(r).toEqual({ history: [0.5, 0.5, 0.5], epochs: 3, stop: 'non-finite', nonFiniteEpoch: 4 });
    expect(steps).toBe(6);
  });

  it('rejects mismatched data and bad epoch counts', () => {
    const model: Trainable = { params: [], trainStep: () => 0 };
    const opts = { optimizer: sgd(1), updater: updater(1, false), epochs: 1, rng: createRng(1) };
    expect(() => fit(model, { inputs: new Matrix(2, 1), targets: new Matrix(3, 1) }, opts)).toThrow(/2 inputs but 3 targets/);
    expect(() => fit(model, { inputs: new Matrix(2, 1), targets: new Matrix(2, 1) }, { ...opts, epochs: -1 })).toThrow(/epoch/);
    expect(fit(model, { inputs: new Matrix(2, 1), targets: new Matrix(2, 1) }, { ...opts, epochs: 0 }).history).toEqual([]);
  });
});

describe('fit continued from a FitState (checkpoints)', () => {
  // 130 items: online updates give 130 batches an epoch, so with pauseMs 0 the loop also pauses
  // inside epochs (after batches 64 and 128), not only between them.
  const items = (() => {
    const rng = createRng(3, 'items');
    const m = new Matrix(130, 9);
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.4 ? 1 : 0;
    return m;
  })();
  const data = { inputs: items, targets: items };
  const EPOCHS = 4;

  function setup(noise: FitNoise | undefined) {
    const stage = createRng(21, 'model');
    const ae = network(stage.fork('weights'), 5, 'tanh');
    const rng = stage.fork('training');
    const options = { optimizer: sgd(0.2), updater: updater(1, true), epochs: EPOCHS, rng, pauseMs: 0, ...(noise ? { noise } : {}) };
    const state = fitState(data, options);
    return { stage, ae, options, state, steps: fitEpochs(reconstructionStep(ae, mse), data, { ...options, state }) };
  }

  for (const noise of [undefined, flip]) {
    it(`stopped at any pause and continued in a fresh loop, gives the same bits${noise ? ' (noise every epoch)' : ''}`, () => {
      const whole = setup(noise);
      const straight = drain(whole.steps);
      const pauses = (() => {
        const s = setup(noise);
        let n = 0;
        while (s.steps.next().done !== true) n++;
        return n;
      })();
      expect(pauses).toBeGreaterThan(EPOCHS); // pauses inside epochs too

      for (const at of [1, 2, 3, Math.floor(pauses / 2), pauses - 1]) {
        const a = setup(noise);
        for (let i = 0; i < at; i++) a.steps.next();
        a.steps.return(undefined as never);
        // What a checkpoint keeps, copied out of the stopped loop.
        const saved = {
          weights: a.ae.params.map((p) => p.value.slice()),
          streams: JSON.parse(JSON.stringify(saveStreams(a.stage))) as StreamState,
          epoch: a.state.epoch, batch: a.state.batch, total: a.state.total,
          order: a.state.order.slice(), noisy: a.state.noisy?.data.slice(), history: a.state.history.slice(),
        };
        const b = setup(noise);
        b.ae.params.forEach((p, i) => p.value.set(saved.weights[i]!));
        restoreStreams(b.stage, saved.streams);
        Object.assign(b.state, { epoch: saved.epoch, batch: saved.batch, total: saved.total });
        b.state.order.set(saved.order);
        if (saved.noisy) b.state.noisy!.data.set(saved.noisy);
        b.state.history.set(saved.history);
        const rest = drain(b.steps);
        expect(rest).toEqual(straight);
        expect(b.ae.params.flatMap((p) => Array.from(p.value))).toEqual(whole.ae.params.flatMap((p) => Array.from(p.value)));
      }
    });
  }

  it('refuses a state of other data', () => {
    const s = setup(undefined);
    const other = { ...fitState({ inputs: new Matrix(3, 9), targets: new Matrix(3, 9) }, s.options) };
    expect(() => drain(fitEpochs(reconstructionStep(s.ae, mse), data, { ...s.options, state: other }))).toThrow(/orders 3 items, the data has 130/);
  });
});
