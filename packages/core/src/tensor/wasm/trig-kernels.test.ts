import { describe, it, expect } from 'vitest';
import { logExact } from '../log.js';
import { cosExact, sinExact } from '../trig.js';
import { wasmArena } from './arena.js';

const arena = wasmArena()!;

/** Box–Muller as `Rng.normal` computes it, in JavaScript. */
const pair = (v: number, u2: number): [number, number] => {
  const r = Math.sqrt(-2 * logExact(1 - v));
  const a = 2 * Math.PI * u2;
  return [r * cosExact(a), r * sinExact(a)];
};

describe('bmx (Box–Muller in WebAssembly)', () => {
  it('gives the bits of logExact, cosExact and sinExact on random pairs and at the hard angles and radii', () => {
    const u1: number[] = [], u2: number[] = [];
    let x = 0x12345678;
    const next = (): number => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x / 4294967296;
    };
    for (let i = 0; i < 200_000; i++) {
      u1.push(next());
      u2.push(next());
    }
    // Angles at and next to multiples of π/4 (where the reduction cancels and the branches
    // switch), the ends of [0, 1), and tiny angles (|a| < 2^-27).
    const edges = [0, 2 ** -53, 1e-12, 1 - 2 ** -53, 0.5, 2 ** -30];
    for (let k = 0; k <= 8; k++) {
      const at = k / 8;
      for (let d = -40; d <= 40; d++) edges.push(Math.min(Math.max(at + d * 2 ** -53, 0), 1 - 2 ** -53));
    }
    for (const e of edges) {
      u2.push(e);
      u1.push(next());
      u2.push(next());
      u1.push(e);
    }
    const pairs = u1.length;
    const u = arena.alloc(2 * pairs), z = arena.alloc(2 * pairs);
    for (let i = 0; i < pairs; i++) {
      u[2 * i] = u1[i]!;
      u[2 * i + 1] = u2[i]!;
    }
    arena.kernels.bmx(u.byteOffset, z.byteOffset, pairs);
    const bad: string[] = [];
    for (let i = 0; i < pairs; i++) {
      const [c, s] = pair(u1[i]!, u2[i]!);
      if (!Object.is(z[2 * i], c) || !Object.is(z[2 * i + 1], s)) bad.push(`u=(${u1[i]}, ${u2[i]}): ${z[2 * i]}, ${z[2 * i + 1]} != ${c}, ${s}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
