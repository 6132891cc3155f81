import { describe, it, expect } from 'vitest';
import { Matrix, checkGradients, createRng } from '@sia/core';
import { Reparameterize, addGaussianKlGradient, gaussianKl } from './reparameterize.js';

function random(rows: number, cols: number, seed: number, scale = 1): Matrix {
  const rng = createRng(seed, 'values');
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = scale * (rng.uniform() * 2 - 1);
  return m;
}

describe('Reparameterize', () => {
  it('computes z = mean + exp(logvar / 2) * eps', () => {
    // mean 1, logvar ln 4 (sigma 2), eps 0.5 => z = 1 + 2 * 0.5 = 2; mean -3, logvar 0, eps -1 => z = -4
    const s = new Reparameterize(2);
    const z = s.forward(Matrix.from([[1, -3]]), Matrix.from([[Math.log(4), 0]]), Matrix.from([[0.5, -1]]));
    expect(z.data[0]).toBeCloseTo(2, 14);
    expect(z.data[1]).toBeCloseTo(-4, 14);
  });

  it('backward: dmean = dz, dlogvar = dz * sigma * eps / 2 (hand case and finite differences)', () => {
    const s = new Reparameterize(2);
    const mean = Matrix.from([[1, -3]]);
    const logvar = Matrix.from([[Math.log(4), 0]]);
    const eps = Matrix.from([[0.5, -1]]);
    s.forward(mean, logvar, eps);
    const dm = new Matrix(1, 2);
    const dl = new Matrix(1, 2);
    s.backward(Matrix.from([[3, 2]]), dm, dl);
    // dz = [3, 2]: dlogvar = [3 * 2 * 0.5 / 2, 2 * 1 * (-1) / 2] = [1.5, -1]
    expect(dm.toArrays()).toEqual([[3, 2]]);
    expect(dl.data[0]).toBeCloseTo(1.5, 14);
    expect(dl.data[1]).toBeCloseTo(-1, 14);

    // L = sum(R * z) over a random batch, eps held fixed.
    const big = new Reparameterize(3);
    const m = random(4, 3, 1);
    const l = random(4, 3, 2);
    const e = random(4, 3, 3, 2);
    const r = random(4, 3, 4);
    big.forward(m, l, e);
    const gm = new Matrix(4, 3);
    const gl = new Matrix(4, 3);
    big.backward(r, gm, gl);
    const lossAt = (): number => {
      const z = big.forward(m, l, e);
      let sum = 0;
      for (let i = 0; i < z.data.length; i++) sum += r.data[i]! * z.data[i]!;
      return sum;
    };
    const check = checkGradients(lossAt, [
      { name: 'mean', value: m.data, grad: gm.data },
      { name: 'logvar', value: l.data, grad: gl.data },
    ]);
    expect(check.maxRelativeError).toBeLessThan(1e-7);
  });

  it('draws eps from the stream: same seed, same noise', () => {
    const a = new Matrix(3, 2);
    const b = new Matrix(3, 2);
    Reparameterize.drawNoise(createRng(5, 'eps'), a);
    Reparameterize.drawNoise(createRng(5, 'eps'), b);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(new Set(a.data).size).toBe(6);
  });
});

describe('Gaussian KL to N(0, I)', () => {
  it('matches the closed form on a hand-computed case', () => {
    // Row 1: mean [1, 0], logvar [0, ln 2]:
    //   ½[(1 + e^0 − 0 − 1) + (0 + 2 − ln 2 − 1)] = ½(2 − ln 2) = 1 − ln(2)/2 ≈ 0.65343
    // Row 2: mean 0, logvar 0 is the prior itself: KL 0. Mean over the 2 rows: (1 − ln(2)/2) / 2.
    const mean = Matrix.from([[1, 0], [0, 0]]);
    const logvar = Matrix.from([[0, Math.log(2)], [0, 0]]);
    expect(gaussianKl(mean, logvar)).toBeCloseTo((1 - Math.log(2) / 2) / 2, 14);
    // Gradient (weight 3, 2 rows): d/dmean = 3·mean/2, d/dlogvar = 3·½(e^l − 1)/2,
    // i.e. [[1.5, 0], [0, 0]] and [[0, 0.75], [0, 0]] (e^{ln 2} − 1 = 1), added onto what is there.
    const dm = Matrix.from([[1, 1], [1, 1]]);
    const dl = new Matrix(2, 2);
    addGaussianKlGradient(mean, logvar, 3, dm, dl);
    expect(dm.toArrays()).toEqual([[2.5, 1], [1, 1]]);
    expect(dl.data[0]).toBe(0);
    expect(dl.data[1]).toBeCloseTo(0.75, 14);
    expect(dl.data[2]).toBe(0);
    expect(dl.data[3]).toBe(0);
  });

  it('is zero at the prior and positive elsewhere', () => {
    expect(gaussianKl(new Matrix(3, 2), new Matrix(3, 2))).toBe(0);
    expect(gaussianKl(random(3, 2, 7), random(3, 2, 8))).toBeGreaterThan(0);
  });

  it('gradient passes finite differences', () => {
    const mean = random(5, 3, 11, 2);
    const logvar = random(5, 3, 12, 2);
    const dm = new Matrix(5, 3);
    const dl = new Matrix(5, 3);
    addGaussianKlGradient(mean, logvar, 1, dm, dl);
    const check = checkGradients(() => gaussianKl(mean, logvar), [
      { name: 'mean', value: mean.data, grad: dm.data },
      { name: 'logvar', value: logvar.data, grad: dl.data },
    ]);
    expect(check.maxRelativeError).toBeLessThan(1e-7);
  });
});
