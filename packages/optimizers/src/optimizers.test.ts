import { describe, it, expect } from 'vitest';
import { allocF64, type Optimizer, type Param } from '@sia/core';
import { Adam } from './adam.js';
import { GradientDescent } from './gd.js';
import { Momentum } from './momentum.js';

function param(name: string, value: number[], grad: number[]): Param {
  return { name, value: new Float64Array(value), grad: new Float64Array(grad) };
}

describe('gradient descent', () => {
  it('w ← w − rate·g, two steps by hand', () => {
    // rate 0.1, w = [1, −2], g = [0.5, 0.25]
    // step 1: [1 − 0.05, −2 − 0.025] = [0.95, −2.025]; step 2: [0.9, −2.05]
    const p = param('w', [1, -2], [0.5, 0.25]);
    const gd = new GradientDescent(0.1);
    gd.step([p]);
    expect(p.value[0]).toBeCloseTo(0.95, 15);
    expect(p.value[1]).toBeCloseTo(-2.025, 15);
    gd.step([p]);
    expect(p.value[0]).toBeCloseTo(0.9, 15);
    expect(p.value[1]).toBeCloseTo(-2.05, 15);
  });
});

describe('momentum', () => {
  it('v ← α·v − rate·g; w ← w + v, two steps by hand', () => {
    // rate 0.1, α 0.9, w = 1, g = 0.5 both steps
    // step 1: v = 0.9·0 − 0.1·0.5 = −0.05;          w = 1 − 0.05 = 0.95
    // step 2: v = 0.9·(−0.05) − 0.05 = −0.095;      w = 0.95 − 0.095 = 0.855
    const p = param('w', [1], [0.5]);
    const opt = new Momentum(0.1, 0.9);
    opt.step([p]);
    expect(p.value[0]).toBeCloseTo(0.95, 15);
    opt.step([p]);
    expect(p.value[0]).toBeCloseTo(0.855, 15);
  });

  it('keeps one velocity per Param, however the params are listed', () => {
    // a: g = 1 each step => v: −0.1, −0.19 => a = 1 − 0.1 − 0.19 = 0.71
    // b: stepped once    => v: −0.1        => b = 0.9
    const a = param('a', [1], [1]);
    const b = param('b', [1], [1]);
    const opt = new Momentum(0.1, 0.9);
    opt.step([a]);
    opt.step([b, a]);
    expect(a.value[0]).toBeCloseTo(0.71, 15);
    expect(b.value[0]).toBeCloseTo(0.9, 15);
  });
});

describe('adam', () => {
  it('two bias-corrected steps by hand', () => {
    // rate 0.1, β1 0.9, β2 0.999, ε 1e-8, w = 1
    // step 1, g = 0.5:  m = 0.05, v = 0.001·0.25 = 0.00025
    //   m̂ = 0.05/(1 − 0.9) = 0.5, v̂ = 0.00025/(1 − 0.999) = 0.25, √v̂ = 0.5
    //   w = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.900000002
    // step 2, g = −0.25: m = 0.045 − 0.025 = 0.02, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
    //   m̂ = 0.02/0.19 = 0.1052631579, v̂ = 0.00031225/0.001999 = 0.1562031016, √v̂ = 0.3952253809
    //   w = 0.900000002 − 0.1·0.1052631579/(0.3952253809 + 1e-8) = 0.8733662987
    const p = param('w', [1], [0.5]);
    const adam = new Adam(0.1, 0.9, 0.999, 1e-8);
    adam.step([p]);
    expect(p.value[0]).toBeCloseTo(0.900000002, 14);
    p.grad[0] = -0.25;
    adam.step([p]);
    expect(p.value[0]).toBeCloseTo(0.8733662987078463, 13);
  });

  it('first step moves every weight by about rate, whatever the gradient scale', () => {
    // m̂ = g and v̂ = g² after one step, so Δw = −rate·g/(|g| + ε) ≈ −rate·sign(g).
    const p = param('w', [0, 0, 0], [1e-3, -50, 2]);
    new Adam(0.01).step([p]);
    expect(p.value[0]).toBeCloseTo((-0.01 * 1e-3) / (1e-3 + 1e-8), 15); // ε shows at small |g|: −0.0099999
    expect(p.value[1]).toBeCloseTo(0.01, 9);
    expect(p.value[2]).toBeCloseTo(-0.01, 9);
  });

  it('keeps separate moments and step counts per Param', () => {
    const a = param('a', [1], [0.5]);
    const b = param('b', [1], [0.5]);
    const adam = new Adam(0.1);
    adam.step([a]);
    adam.step([a, b]); // a's second step, b's first
    expect(b.value[0]).toBeCloseTo(0.900000002, 14); // as a's first step above
    const ref = param('r', [1], [0.5]);
    const solo = new Adam(0.1);
    solo.step([ref]);
    solo.step([ref]);
    expect(a.value[0]).toBe(ref.value[0]);
  });
});

describe('setRate (for learning-rate schedules)', () => {
  it('gradient descent: the next step uses the new rate', () => {
    // w = 1, g = 0.5: rate 0.1 → 0.95; setRate(0.2) → 0.95 − 0.2·0.5 = 0.85
    const p = param('w', [1], [0.5]);
    const gd = new GradientDescent(0.1);
    gd.step([p]);
    gd.setRate(0.2);
    expect(gd.rate).toBe(0.2);
    gd.step([p]);
    expect(p.value[0]).toBeCloseTo(0.85, 15);
  });

  it('momentum: keeps the velocity, scales only the new gradient term', () => {
    // α 0.9, w = 1, g = 0.5: v = −0.05, w = 0.95; setRate(0.2): v = 0.9·(−0.05) − 0.2·0.5 = −0.145, w = 0.805
    const p = param('w', [1], [0.5]);
    const opt = new Momentum(0.1, 0.9);
    opt.step([p]);
    opt.setRate(0.2);
    opt.step([p]);
    expect(p.value[0]).toBeCloseTo(0.805, 15);
  });

  it('adam: keeps moments and bias correction, halves the second step', () => {
    // As 'two bias-corrected steps by hand' above, whose second step moved w by
    // 0.900000002 − 0.8733662987078463 = 0.0266337032921537 at rate 0.1; at rate 0.05 it moves half:
    // w = 0.900000002 − 0.01331685164607685 = 0.88668315035392315
    const p = param('w', [1], [0.5]);
    const adam = new Adam(0.1, 0.9, 0.999, 1e-8);
    adam.step([p]);
    adam.setRate(0.05);
    p.grad[0] = -0.25;
    adam.step([p]);
    expect(p.value[0]).toBeCloseTo(0.88668315035392315, 13);
  });
});

describe('saveState / loadState (checkpoints)', () => {
  /** Two params in the wasm arena (so Adam's SIMD step runs), gradients a fixed function of the weights. */
  function params(): Param[] {
    return ['a', 'b'].map((name, k) => {
      const value = allocF64(5 + k);
      for (let i = 0; i < value.length; i++) value[i] = Math.sin(1 + i + 7 * k);
      return { name, value, grad: allocF64(5 + k) };
    });
  }
  function steps(opt: Optimizer, ps: Param[], n: number): void {
    for (let s = 0; s < n; s++) {
      for (const p of ps) for (let i = 0; i < p.value.length; i++) p.grad[i] = Math.cos(3 * p.value[i]!) + 0.1 * i;
      opt.step(ps);
    }
  }
  const makers: [string, () => Optimizer][] = [
    ['gd', () => new GradientDescent(0.05)],
    ['momentum', () => new Momentum(0.05, 0.9)],
    ['adam', () => new Adam(0.01)],
    ['adam float32', () => new Adam(0.01, 0.9, 0.999, 1e-8, 'float32')],
  ];

  for (const [name, make] of makers) {
    it(`${name}: saved after 3 steps and loaded into a fresh optimizer, the next 4 steps give the same bits`, () => {
      const straight = params();
      const whole = make();
      steps(whole, straight, 7);

      const first = params();
      const before = make();
      steps(before, first, 3);
      before.setRate?.(before.rate!); // a schedule's call changes nothing
      const saved = before.saveState!(first);
      // Through JSON for the numbers, as a checkpoint keeps them.
      const state = { numbers: JSON.parse(JSON.stringify(saved.numbers)) as Record<string, number>, arrays: saved.arrays };
      const resumed = params();
      resumed.forEach((p, k) => p.value.set(first[k]!.value));
      const after = make();
      after.loadState!(resumed, state);
      steps(after, resumed, 4);
      resumed.forEach((p, k) => expect(Array.from(p.value)).toEqual(Array.from(straight[k]!.value)));
    });
  }

  it('a state of another shape is refused, naming what does not fit', () => {
    const ps = params();
    const adam = new Adam();
    steps(adam, ps, 1);
    const saved = adam.saveState(ps);
    const other = [{ ...ps[0]!, value: allocF64(2), grad: allocF64(2) }];
    expect(() => new Adam().loadState(other, saved)).toThrow(/the saved a\/m has 5 Float64Array values, the param needs 2/);
    expect(() => new Momentum(0.1, 0.9).loadState(ps, saved)).toThrow(/no a\/velocity/);
    expect(() => new Adam().loadState(ps, { numbers: {}, arrays: {} })).toThrow(/no rate/);
  });
});
