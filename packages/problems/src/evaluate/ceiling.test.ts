import { describe, it, expect } from 'vitest';
import { Matrix, createRng } from '@sia/core';
import { ceilingWrongPixels, glyphPixelDistances, nearestGlyphs } from './ceiling.js';

// Three 4-pixel "glyphs": A-B and B-C differ in 2 pixels, A-C in all 4.
const A = [1, 1, 0, 0], B = [1, 0, 1, 0], C = [0, 0, 1, 1];
const glyphs = Matrix.from([A, B, C]);

describe('glyphPixelDistances', () => {
  it('counts differing pixels between every pair', () => {
    // A-B: pixels 1, 2 -> 2; A-C: all 4; B-C: pixels 0, 3 -> 2.
    expect(Array.from(glyphPixelDistances(glyphs))).toEqual([0, 2, 4, 2, 0, 2, 4, 2, 0]);
  });
});

describe('nearestGlyphs', () => {
  it('maps exact matches to themselves and a near copy to its glyph', () => {
    // [0.9, 0.8, 0.1, 0] is 0.01 + 0.04 + 0.01 = 0.06 from A, far from B and C.
    const noisy = Matrix.from([A, B, C, [0.9, 0.8, 0.1, 0]]);
    const chosen = new Int32Array(4);
    nearestGlyphs(noisy, glyphs, createRng(1), chosen);
    expect(Array.from(chosen)).toEqual([0, 1, 2, 0]);
  });

  it('breaks ties uniformly at random', () => {
    // [1, 1, 1, 0] is at Hamming 1 from A and from B, 3 from C: A or B, each about half the time.
    const copies = 2000;
    const noisy = new Matrix(copies, 4);
    for (let i = 0; i < copies; i++) noisy.data.set([1, 1, 1, 0], i * 4);
    const chosen = new Int32Array(copies);
    nearestGlyphs(noisy, glyphs, createRng(2), chosen);
    const a = chosen.filter((g) => g === 0).length, b = chosen.filter((g) => g === 1).length;
    expect(a + b).toBe(copies);
    // Binomial(2000, 1/2): standard deviation ~22, so within 100 of 1000.
    expect(Math.abs(a - 1000)).toBeLessThan(100);
  });

  it('spreads a three-way tie evenly', () => {
    // Glyphs 100, 010, 001; the copy 000 is at distance 1 from each: each ~1/3 of 3000 picks.
    const three = Matrix.from([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const noisy = new Matrix(3000, 3);
    const chosen = new Int32Array(3000);
    nearestGlyphs(noisy, three, createRng(3), chosen);
    for (let g = 0; g < 3; g++) expect(Math.abs(chosen.filter((c) => c === g).length - 1000)).toBeLessThan(100);
  });
});

describe('ceilingWrongPixels', () => {
  it('counts the wrong pixels of the chosen glyph against the truth', () => {
    // Row 0: copy of A, truth A -> 0. Row 1: [0, 0, 1, 0] is 1 from B and C, 3 from A; truth A:
    // B gives 2 wrong, C gives 4. Row 2: exact C but truth B -> 2 (C and B differ in 2 pixels).
    const noisy = Matrix.from([A, [0, 0, 1, 0], C]);
    const truth = Int32Array.from([0, 0, 1]);
    const wrong = new Int32Array(3), chosen = new Int32Array(3);
    ceilingWrongPixels(noisy, truth, glyphs, glyphPixelDistances(glyphs), createRng(4), chosen, wrong);
    expect(wrong[0]).toBe(0);
    expect(chosen[1] === 1 ? wrong[1] === 2 : chosen[1] === 2 && wrong[1] === 4).toBe(true);
    expect(wrong[2]).toBe(2);
  });
});
