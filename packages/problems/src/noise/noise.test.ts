import { describe, it, expect } from 'vitest';
import { Matrix, allocF64, createRng } from '@sia/core';
import { gaussianNoise, gaussianNoisePlugin } from './gaussian.js';
import { saltAndPepperNoise } from './salt-and-pepper.js';
import { mixtureNoise } from './mixture.js';
import { decodableNoise } from './decodable.js';
import { distinctItems, marginKernelCalls, marginOf } from './margins.js';

/** A rows x cols matrix filled with one value. */
const filled = (rows: number, cols: number, v: number): Matrix => {
  const m = new Matrix(rows, cols);
  m.data.fill(v);
  return m;
};

const meanVar = (a: Float64Array): { mean: number; variance: number } => {
  let s = 0, s2 = 0;
  for (const v of a) { s += v; s2 += v * v; }
  const mean = s / a.length;
  return { mean, variance: s2 / a.length - mean * mean };
};

describe('noise/gaussian', () => {
  it('adds zero-mean noise of variance std^2 when not clipped', () => {
    // 200 x 100 = 20 000 draws at x = 0.5, std 0.3: mean 0.5, variance 0.09; the standard error
    // of the mean is 0.3/sqrt(20000) ~ 0.0021, of the variance ~ 0.09*sqrt(2/20000) ~ 0.0009.
    const clean = filled(200, 100, 0.5), out = new Matrix(200, 100);
    gaussianNoise(0.3, false)(clean, out, createRng(1));
    const { mean, variance } = meanVar(out.data);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(Math.abs(variance - 0.09)).toBeLessThan(0.005);
  });

  it('clips to [0, 1]: at x = 0 the mean is std/sqrt(2 pi) and half the pixels stay 0', () => {
    // E[max(0, s*e)] = s * phi(0) = 0.5 / sqrt(2 pi) ~ 0.1995 (values above 1 need e > 2, rare
    // enough to shift the mean by < 0.003); P(s*e <= 0) = 1/2.
    const clean = filled(200, 100, 0), out = new Matrix(200, 100);
    gaussianNoise(0.5)(clean, out, createRng(2));
    expect(Math.min(...out.data)).toBe(0);
    expect(Math.max(...out.data)).toBeLessThanOrEqual(1);
    expect(Math.abs(meanVar(out.data).mean - 0.5 / Math.sqrt(2 * Math.PI))).toBeLessThan(0.01);
    const zeros = out.data.filter((v) => v === 0).length / out.data.length;
    expect(Math.abs(zeros - 0.5)).toBeLessThan(0.02);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const clean = filled(4, 35, 1);
    const a = new Matrix(4, 35), b = new Matrix(4, 35), c = new Matrix(4, 35);
    const noise = gaussianNoisePlugin.create({ std: 0.2 }, { create: () => { throw new Error('unused'); } });
    noise(clean, a, createRng(7));
    noise(clean, b, createRng(7));
    noise(clean, c, createRng(8));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it('draws a level per item from a list of levels', () => {
    // Levels 0.05 and 0.5, unclipped, 2000 items of 50 pixels. An item's sample std is below 0.2
    // exactly when it drew 0.05 (for 0.5 that needs chi2(50) < 8, p < 1e-9), so split there: each
    // side is picked ~1/2 of the time and its pooled variance is the level squared (within 5 %).
    const clean = filled(2000, 50, 0.5), out = new Matrix(2000, 50);
    gaussianNoise(1, false, [0.05, 0.5])(clean, out, createRng(3));
    const pooled = [0, 0], counts = [0, 0];
    for (let i = 0; i < 2000; i++) {
      const { variance } = meanVar(out.row(i));
      const k = Math.sqrt(variance) < 0.2 ? 0 : 1;
      pooled[k] += variance;
      counts[k]++;
    }
    expect(Math.abs(counts[0]! / 2000 - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(pooled[0]! / counts[0]! / 0.0025 - 1)).toBeLessThan(0.05);
    expect(Math.abs(pooled[1]! / counts[1]! / 0.25 - 1)).toBeLessThan(0.05);
  });

  it('rejects a std that is not positive', () => {
    expect(() => gaussianNoise(0)).toThrow(RangeError);
  });
});

describe('noise/salt-and-pepper', () => {
  it('flips each pixel with probability p', () => {
    // 100 000 pixels, p = 0.2: flip share 0.2, standard error sqrt(0.16/1e5) ~ 0.0013.
    const clean = new Matrix(1000, 100), out = new Matrix(1000, 100);
    for (let i = 0; i < clean.data.length; i++) clean.data[i] = i % 3 === 0 ? 1 : 0;
    saltAndPepperNoise(0.2)(clean, out, createRng(4));
    let flips = 0;
    for (let i = 0; i < out.data.length; i++) {
      expect(out.data[i] === clean.data[i] || out.data[i] === 1 - clean.data[i]!).toBe(true);
      if (out.data[i] !== clean.data[i]) flips++;
    }
    expect(Math.abs(flips / out.data.length - 0.2)).toBeLessThan(0.006);
  });

  it('p = 0 copies, p = 1 inverts, same seed same copy', () => {
    const clean = Matrix.from([[1, 0, 1, 0]]), out = new Matrix(1, 4);
    saltAndPepperNoise(0)(clean, out, createRng(1));
    expect(Array.from(out.data)).toEqual([1, 0, 1, 0]);
    saltAndPepperNoise(1)(clean, out, createRng(1));
    expect(Array.from(out.data)).toEqual([0, 1, 0, 1]);
    const big = filled(10, 35, 1), a = new Matrix(10, 35), b = new Matrix(10, 35);
    saltAndPepperNoise(0.3)(big, a, createRng(5));
    saltAndPepperNoise(0.3)(big, b, createRng(5));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(() => saltAndPepperNoise(1.5)).toThrow(RangeError);
  });
});

describe('noise/mixture', () => {
  it('gives each item one component, in proportion to the weights', () => {
    // Components: p = 0 (copy) and p = 1 (invert), weights 1 : 3; 4000 items -> ~3/4 inverted.
    const clean = filled(4000, 5, 1), out = new Matrix(4000, 5);
    mixtureNoise([saltAndPepperNoise(0), saltAndPepperNoise(1)], [1, 3])(clean, out, createRng(6));
    let inverted = 0;
    for (let i = 0; i < 4000; i++) {
      const row = Array.from(out.row(i));
      expect(row.every((v) => v === 1) || row.every((v) => v === 0)).toBe(true);
      if (row[0] === 0) inverted++;
    }
    expect(Math.abs(inverted / 4000 - 0.75)).toBeLessThan(0.03);
  });
});

describe('noise/decodable', () => {
  it('keeps only copies nearer to their own item than to any other', () => {
    // Two items at Hamming distance 2; p = 0.3 often lands a copy on or past the midpoint.
    const clean = Matrix.from([[1, 1, 0, 0], [1, 0, 1, 0]]), out = new Matrix(2, 4);
    const noise = decodableNoise(saltAndPepperNoise(0.3), 50);
    const rng = createRng(9);
    for (let t = 0; t < 200; t++) {
      noise(clean, out, rng);
      for (let i = 0; i < 2; i++) {
        let own = 0, other = 0;
        for (let j = 0; j < 4; j++) {
          own += (out.get(i, j) - clean.get(i, j)) ** 2;
          other += (out.get(i, j) - clean.get(1 - i, j)) ** 2;
        }
        expect(own).toBeLessThan(other);
      }
    }
  });

  it('treats repeated rows as one item (a repeated dataset)', () => {
    // Rows 0 and 2 are the same item. Without the rule, row 0 would always be as near to row 2
    // as to itself and never be decodable, so the clean item would stand in every time (0 wrong
    // pixels); with it, noisy copies come through (some pixels flipped) and each is still
    // strictly nearer its own item than the other item.
    const clean = Matrix.from([[1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0]]), out = new Matrix(4, 4);
    const noise = decodableNoise(saltAndPepperNoise(0.3), 50);
    const rng = createRng(5);
    let changed = 0;
    for (let t = 0; t < 100; t++) {
      noise(clean, out, rng);
      for (let i = 0; i < 4; i++) {
        let own = 0, other = 0;
        for (let j = 0; j < 4; j++) {
          own += (out.get(i, j) - clean.get(i, j)) ** 2;
          other += (out.get(i, j) - clean.get((i + 1) % 2, j)) ** 2;
        }
        expect(own).toBeLessThan(other);
        if (own > 0) changed++;
      }
    }
    // P(a kept copy has a flip) = 1 − 0.7⁴/P(decodable) = 1 − 0.2401/0.49 ~ 0.51 per row: ~200 of 400.
    expect(changed).toBeGreaterThan(100);
  });

  it('with focus, thins copies far from the boundary to the kept share', () => {
    // Items [1,1,0,0] and [1,0,1,0] at p = 0.3: only pixels 1 and 2 move the margin
    // (other − own, in pixels), which is 2 when neither flips (0.49), 0 (a tie, redrawn) when one
    // does, −2 when both do. So every decodable copy has margin 2. With focus margin 1, keep 0
    // none can be kept: every item falls back to clean. With margin 2 all of them are kept.
    const clean = Matrix.from([[1, 1, 0, 0], [1, 0, 1, 0]]), out = new Matrix(2, 4);
    decodableNoise(saltAndPepperNoise(0.3), 5, { margin: 1, keep: 0 })(clean, out, createRng(3));
    expect(out.toArrays()).toEqual(clean.toArrays());
    // keep 0.5 at margin 1 with a single try: a draw is kept with probability 0.49·0.5 = 0.245,
    // otherwise the clean item stands in (0.755).
    const noise = decodableNoise(saltAndPepperNoise(0.3), 1, { margin: 1, keep: 0.5 });
    const rng = createRng(4);
    let fallbacks = 0;
    for (let t = 0; t < 200; t++) {
      noise(clean, out, rng);
      for (let i = 0; i < 2; i++) if (out.row(i).every((v, j) => v === clean.get(i, j))) fallbacks++;
    }
    // A row equals its clean item on a fallback, or when the kept draw also left pixels 0 and 3
    // alone (0.7² = 0.49): P = 0.755 + 0.245·0.49 ~ 0.875 (sd over 400 rows ~ 0.017).
    expect(fallbacks / 400).toBeGreaterThan(0.8);
    expect(fallbacks / 400).toBeLessThan(0.95);
  });

  it('marginOf gives d(nearest other) - d(own) from distances, on binary and on grey items', () => {
    // The margin by its definition: squared distances to every distinct other item.
    const byDistance = (clean: Matrix, Y: Float64Array, i: number): number => {
      const { item, distinct } = distinctItems(clean);
      const d = (g: number): number => {
        let s = 0;
        for (let j = 0; j < clean.cols; j++) s += (Y[i * clean.cols + j]! - clean.get(g, j)) ** 2;
        return s;
      };
      let least = Infinity;
      for (const g of distinct) if (g !== item[i]) least = Math.min(least, d(g) - d(i));
      return least;
    };
    const rng = createRng(11);
    const binary = Matrix.from([[1, 1, 0, 0, 1], [1, 0, 1, 0, 0], [0, 1, 1, 1, 0], [1, 1, 0, 0, 1]]); // rows 0 and 3: one item
    const grey = Matrix.from([[0.2, 0.9, 0, 0.5, 1], [1, 0, 0.7, 0, 0.1], [0.4, 0.4, 0.4, 1, 0]]);
    for (const clean of [binary, grey]) {
      const margin = marginOf(clean);
      const Y = new Float64Array(clean.rows * clean.cols);
      let positive = 0, notDecodable = 0;
      for (let t = 0; t < 500; t++) {
        // Half the draws binary flips (exact sums), half grey values (sums in another order).
        for (let j = 0; j < Y.length; j++) Y[j] = t % 2 === 0 ? (rng.uniform() < 0.3 ? 1 - clean.data[j]! : clean.data[j]!) : rng.uniform();
        for (let i = 0; i < clean.rows; i++) {
          const want = byDistance(clean, Y, i), got = margin(Y, i);
          if (want > 0) {
            positive++;
            if (t % 2 === 0 && clean === binary) expect(got).toBe(want);
            else expect(got).toBeCloseTo(want, 12);
          } else {
            notDecodable++;
            expect(got).toBeLessThanOrEqual(1e-12); // stops at the first other item no farther than the own one
          }
        }
      }
      expect(positive).toBeGreaterThan(100);
      expect(notDecodable).toBeGreaterThan(100);
    }
  });

  it('marginOf gives the same values for copies in the arena (the WebAssembly kernel) as for plain ones', () => {
    const rng = createRng(12);
    const items = 24, cols = 37; // two mask words, the second partly used
    const clean = new Matrix(items + 4, cols);
    for (let j = 0; j < items * cols; j++) clean.data[j] = rng.uniform() < 0.4 ? 1 : 0;
    for (let r = 0; r < 4; r++) clean.data.copyWithin((items + r) * cols, r * 5 * cols, (r * 5 + 1) * cols); // repeated items
    const margin = marginOf(clean);
    const n = clean.data.length;
    const inArena = allocF64(n), plain = new Float64Array(n);
    const before = marginKernelCalls();
    const bad: string[] = [];
    let negative = 0, positive = 0;
    for (let t = 0; t < 400; t++) {
      for (let j = 0; j < n; j++) {
        const x = clean.data[j]!;
        // binary flips, grey values, clipped ends and the odd NaN
        const u = rng.uniform();
        plain[j] = t % 3 === 0 ? (u < 0.25 ? 1 - x : x) : t % 3 === 1 ? Math.min(1, Math.max(0, x + (u - 0.5))) : u < 0.001 ? NaN : u;
      }
      inArena.set(plain);
      for (let i = 0; i < clean.rows; i++) {
        const a = margin(inArena, i), b = margin(plain, i);
        if (!Object.is(a, b)) bad.push(`copy ${t} row ${i}: ${a} != ${b}`);
        if (b <= 0) negative++;
        else positive++;
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(marginKernelCalls() - before).toBe(400 * clean.rows);
    expect(negative).toBeGreaterThan(500);
    expect(positive).toBeGreaterThan(500);
  });

  it('distinctItems maps each row to the first equal row', () => {
    const { item, distinct } = distinctItems(Matrix.from([[1, 0], [0, 1], [1, 0], [0, 1], [1, 1]]));
    expect(Array.from(item)).toEqual([0, 1, 0, 1, 4]);
    expect(Array.from(distinct)).toEqual([0, 1, 4]);
  });

  it('falls back to the clean item when no draw is decodable', () => {
    // p = 1 inverts: [1,1,0,0] -> [0,0,1,1] is 4 from its own item but 2 from [1,0,1,0] (and
    // symmetrically for the other), so no draw is ever decodable and the clean items stand in.
    const clean = Matrix.from([[1, 1, 0, 0], [1, 0, 1, 0]]), out = new Matrix(2, 4);
    decodableNoise(saltAndPepperNoise(1), 3)(clean, out, createRng(1));
    expect(out.toArrays()).toEqual(clean.toArrays());
  });
});
