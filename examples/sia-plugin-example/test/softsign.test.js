// @ts-check
import { describe, expect, it } from 'vitest';
import { Matrix } from '@sia/core';
import { softsignPlugin } from '../softsign.js';

/** Builds the activation as sia would, after validation filled in defaults. */
const make = (beta = 1) => softsignPlugin.create({ beta }, { create: () => { throw new Error('no slots'); } });

describe('acme:softsign', () => {
  it('computes b*x / (1 + |b*x|)', () => {
    const z = Matrix.from([[0, 1, -3, 0.5]]);
    const y = new Matrix(1, 4);
    make(2).forward(z, y);
    // b = 2: 0 -> 0; 1 -> 2/3; -3 -> -6/7; 0.5 -> 1/2.
    const expected = [0, 2 / 3, -6 / 7, 0.5];
    expected.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 12));
  });

  it('has the derivative b / (1 + |b*x|)^2, checked by central differences', () => {
    const act = make(1.5);
    const xs = [-2.3, -0.4, 0.05, 0.7, 3.1];
    const z = Matrix.from([xs]);
    const y = new Matrix(1, xs.length);
    const dy = Matrix.from([xs.map(() => 1)]);
    const dz = new Matrix(1, xs.length);
    act.forward(z, y);
    act.backward(z, y, dy, dz);
    const h = 1e-6;
    xs.forEach((x, i) => {
      const f = (/** @type {number} */ v) => {
        const out = new Matrix(1, 1);
        act.forward(Matrix.from([[v]]), out);
        return out.data[0] ?? NaN;
      };
      const numeric = (f(x + h) - f(x - h)) / (2 * h);
      // Central differences are O(h^2) accurate; f is smooth away from 0 and C1 at 0.
      expect(dz.data[i]).toBeCloseTo(numeric, 7);
    });
  });

  it('is a frozen, scoped activation plugin with a described option', () => {
    expect(Object.isFrozen(softsignPlugin)).toBe(true);
    expect(`${softsignPlugin.kind}/${softsignPlugin.name}`).toBe('activation/acme:softsign');
    expect(softsignPlugin.schema).toMatchObject({ additionalProperties: false, properties: { beta: { default: 1 } } });
  });
});
