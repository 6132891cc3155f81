import { describe, expect, it } from 'vitest';
import { expExact } from './exp-exact.js';
import { logExact } from './log.js';
import { cosExact, sinExact } from './trig.js';

/**
 * The engine-independent ln, e^x, sin and cos return exactly what Node 20's Math functions return
 * (fdlibm), so results computed in Node before they existed keep their bits; the browser test
 * (examples/browser) shows Chromium then agrees with Node.
 */
function* inputs(seed: number, n: number, make: (u: () => number) => number): Generator<number> {
  let s = seed;
  const u = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 4294967296);
  for (let i = 0; i < n; i++) yield make(u);
}

/**
 * The inputs where `got` and `want` differ (Object.is: −0 and NaN count), at most 10 of them.
 * One `expect` per test instead of one per input: the comparisons are the same, and 300,000
 * `expect` calls took most of these tests' time.
 */
function mismatches(xs: Iterable<number>, got: (x: number) => number, want: (x: number) => number): string[] {
  const bad: string[] = [];
  for (const x of xs) if (!Object.is(got(x), want(x)) && bad.push(`${x}: ${got(x)} vs ${want(x)}`) >= 10) break;
  return bad;
}

describe('exact elementary functions', () => {
  it('logExact equals Math.log bit for bit (normal, subnormal, huge, near 1, special)', () => {
    for (const make of [(u: () => number) => u(), (u: () => number) => u() * 1e-310, (u: () => number) => u() * 1e300, (u: () => number) => 1 + (u() - 0.5) * 1e-7]) {
      expect(mismatches(inputs(3, 50_000, make), logExact, Math.log), 'log').toEqual([]);
    }
    for (const x of [0, -0, -1, 1, Infinity, NaN, Number.MIN_VALUE, Number.MAX_VALUE]) expect(logExact(x)).toBe(Math.log(x));
  });

  it('expExact equals Math.exp bit for bit over the whole range', () => {
    for (const make of [(u: () => number) => (u() - 0.5) * 1500, (u: () => number) => (u() - 0.5) * 2, (u: () => number) => (u() - 0.5) * 1e-9]) {
      expect(mismatches(inputs(5, 50_000, make), expExact, Math.exp), 'exp').toEqual([]);
    }
    for (const x of [0, -0, Infinity, -Infinity, NaN, 709.78, -745.1]) expect(expExact(x)).toBe(Math.exp(x));
  });

  it('sinExact and cosExact equal Math.sin and Math.cos bit for bit, near multiples of pi/2 too', () => {
    for (const make of [(u: () => number) => 2 * Math.PI * u(), (u: () => number) => (u() - 0.5) * 1e5, (u: () => number) => (Math.PI / 2) * Math.round(u() * 100) + (u() - 0.5) * 1e-12]) {
      expect(mismatches(inputs(7, 50_000, make), sinExact, Math.sin), 'sin').toEqual([]);
      expect(mismatches(inputs(7, 50_000, make), cosExact, Math.cos), 'cos').toEqual([]);
    }
  });
});
