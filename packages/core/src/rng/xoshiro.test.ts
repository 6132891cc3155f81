import { describe, it, expect } from 'vitest';
import { createRng, isStreamState, POSITION_LENGTH, readPosition, restoreStreams, saveStreams, writePosition, xoshiro128FromState, type StreamState } from './xoshiro.js';
import type { Rng } from './rng.js';
import { setWasmEnabled, wasmArena } from '../tensor/wasm/arena.js';

function draw(rng: Rng, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(rng.uniform());
  return out;
}

describe('xoshiro128**', () => {
  it('matches the reference C implementation from state {1, 2, 3, 4}', () => {
    // Outputs of Vigna's xoshiro128starstar.c with s = {1, 2, 3, 4} (compiled and run once).
    const g = xoshiro128FromState([1, 2, 3, 4]);
    const got = Array.from({ length: 8 }, () => g.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('same seed and label give the same sequence; any change gives another', () => {
    expect(draw(createRng(42, 'model'), 20)).toEqual(draw(createRng(42, 'model'), 20));
    expect(draw(createRng(42), 20)).toEqual(draw(createRng(42), 20));
    const base = draw(createRng(42, 'model'), 20);
    expect(draw(createRng(43, 'model'), 20)).not.toEqual(base);
    expect(draw(createRng(42, 'model2'), 20)).not.toEqual(base);
    expect(draw(createRng(42), 20)).not.toEqual(base);
    // Non-integer and large seeds are distinct identities too.
    expect(draw(createRng(0.5), 5)).not.toEqual(draw(createRng(0), 5));
    expect(draw(createRng(2 ** 40), 5)).not.toEqual(draw(createRng(0), 5));
    expect(draw(createRng(-0), 5)).toEqual(draw(createRng(0), 5));
  });

  it('fork depends on identity, not on how far the parent has advanced', () => {
    const a = createRng(7);
    const b = createRng(7);
    draw(b, 1000); // advance b only
    expect(draw(a.fork('train'), 10)).toEqual(draw(b.fork('train'), 10));
    // createRng(seed, label) is the root forked by label.
    expect(draw(createRng(7, 'train'), 10)).toEqual(draw(createRng(7).fork('train'), 10));
    // Forks of forks are named by their path; the path is unambiguous.
    expect(draw(a.fork('x').fork('y'), 10)).toEqual(draw(b.fork('x').fork('y'), 10));
    expect(draw(a.fork('ab').fork('c'), 10)).not.toEqual(draw(a.fork('a').fork('bc'), 10));
    expect(draw(a.fork('x'), 10)).not.toEqual(draw(a.fork('y'), 10));
    // A child is not its parent.
    expect(draw(createRng(7).fork('x'), 10)).not.toEqual(draw(createRng(7), 10));
  });

  it('uniform has mean 1/2 and variance 1/12 over 1e5 draws', () => {
    const rng = createRng(1, 'uniform');
    const n = 100_000;
    let s = 0, s2 = 0, min = 1, max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      s += u; s2 += u * u;
      min = Math.min(min, u); max = Math.max(max, u);
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // Standard error of the mean: sqrt(1/12 / 1e5) ≈ 0.0009; allow 5 of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0046);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('normal has mean 0 and variance 1 over 1e5 draws, deterministically', () => {
    const rng = createRng(2, 'normal');
    const n = 100_000;
    let s = 0, s2 = 0, s4 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z; s2 += z * z; s4 += z * z * z * z;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // SE of mean ≈ 1/sqrt(1e5) ≈ 0.0032; SE of variance ≈ sqrt(2/1e5) ≈ 0.0045; kurtosis 3 (SE ≈ 0.015).
    expect(Math.abs(mean)).toBeLessThan(0.016);
    expect(Math.abs(variance - 1)).toBeLessThan(0.023);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.1);
    const a = createRng(3), b = createRng(3);
    for (let i = 0; i < 11; i++) expect(a.normal()).toBe(b.normal());
  });

  it('normals gives the numbers and leaves the state that as many normal calls do, on both routes', () => {
    for (const wasm of [true, false]) {
      setWasmEnabled(wasm);
      expect(wasmArena() !== undefined).toBe(wasm); // the kernel route really is taken when on
      try {
        const a = createRng(5, 'normals'), b = createRng(5, 'normals');
        const f64 = new Float64Array(80), f32 = new Float32Array(80);
        let mismatches = 0, checked = 0;
        for (let rep = 0; rep < 3000; rep++) {
          const n = rep % 71; // odd and even counts, with and without a waiting spare
          const out = rep % 5 === 0 ? f32 : f64;
          a.normals(out, n);
          for (let i = 0; i < n; i++) {
            const z = b.normal();
            const want = out === f32 ? Math.fround(z) : z;
            checked++;
            if (!Object.is(out[i], want)) mismatches++;
          }
          if (rep % 7 === 0) expect(a.uniform()).toBe(b.uniform()); // the same state after
        }
        expect(checked).toBeGreaterThan(100_000);
        expect({ wasm, mismatches }).toEqual({ wasm, mismatches: 0 });
        expect(saveStreams(a)).toEqual(saveStreams(b));
      } finally {
        setWasmEnabled(true);
      }
    }
  });

  it('int is uniform over [0, n)', () => {
    const rng = createRng(4);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    // Expected 10,000 each; SD ≈ sqrt(10000·6/7) ≈ 93; allow 5 SD.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(465);
  });

  it('shuffle is a permutation, and a seeded one', () => {
    const a = Int32Array.from({ length: 100 }, (_, i) => i);
    createRng(5).shuffle(a);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const b = Array.from({ length: 100 }, (_, i) => i);
    createRng(5).shuffle(b);
    expect(b).toEqual(Array.from(a));
    // Every one of the 6 orders of 3 items appears, each about 1/6 of the time.
    const rng = createRng(6);
    const seen = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const p = [0, 1, 2];
      rng.shuffle(p);
      seen.set(p.join(''), (seen.get(p.join('')) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    for (const c of seen.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('rejects a non-finite seed', () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });
});

describe('saving and restoring streams', () => {
  /** A stage-like tree: a stream, two forks, one of them mid-Box–Muller (a normal waiting). */
  function tree(seed: number): { root: Rng; a: Rng; b: Rng } {
    const root = createRng(seed, 'model');
    const a = root.fork('sampling');
    const b = root.fork('training');
    return { root, a, b };
  }
  const next = (t: { root: Rng; a: Rng; b: Rng }): number[] => [t.root.uniform(), t.a.normal(), t.a.normal(), t.b.uniform(), t.b.int(1000)];

  it('a restored tree continues with exactly the numbers the saved one would have drawn', () => {
    const t = tree(5);
    draw(t.root, 3);
    t.a.normal(); // one normal drawn: its twin waits in the spare
    draw(t.b, 7);
    const saved = JSON.parse(JSON.stringify(saveStreams(t.root))) as StreamState;
    expect(isStreamState(saved)).toBe(true);
    const expected = next(t);

    const u = tree(5); // fresh streams, as a resumed run builds them
    restoreStreams(u.root, saved);
    expect(next(u)).toEqual(expected);
  });

  it('streams forked after the restore get their saved positions when they are forked', () => {
    const t = tree(9);
    draw(t.b, 4);
    const saved = saveStreams(t.root);
    const expected = t.b.uniform();
    const root = createRng(9, 'model');
    restoreStreams(root, saved);
    root.fork('sampling');
    expect(root.fork('training').uniform()).toBe(expected);
  });

  it('a checkpoint of other streams is refused, naming the stream', () => {
    const saved = saveStreams(tree(1).root);
    const root = createRng(1, 'model');
    root.fork('weights');
    expect(() => restoreStreams(root, saved)).toThrow(/stream 1 of model was 'sampling' in the checkpoint, now 'weights'/);
    expect(isStreamState({ ...saved, words: [0, 0, 0, 0] })).toBe(false);
    expect(isStreamState({ ...saved, words: [1, 2, 3] })).toBe(false);
  });
});

describe('stream positions (readPosition / writePosition)', () => {
  it('moves another stream to where one stands, the waiting normal included', () => {
    const a = createRng(11, 'training');
    for (let i = 0; i < 7; i++) a.normal(); // odd: a second normal waits
    const at = new Float64Array(POSITION_LENGTH + 2);
    expect(readPosition(a, at, 2)).toBe(true);
    expect(at[6]).toBe(1);
    const b = createRng(99, 'training');
    expect(writePosition(b, at, 2)).toBe(true);
    expect(saveStreams(b)).toEqual(saveStreams(a));
    const draws = (r: Rng): number[] => [r.normal(), r.uniform(), r.normal(), r.normal(), r.int(1000)];
    expect(draws(b)).toEqual(draws(a));
    // and with no normal waiting
    a.uniform();
    readPosition(a, at);
    expect(at[4]).toBe(0);
    writePosition(b, at);
    expect(draws(b)).toEqual(draws(a));
  });

  it('refuses a stream with forks and a stream made elsewhere', () => {
    const parent = createRng(3);
    parent.fork('child');
    const at = new Float64Array(POSITION_LENGTH);
    expect(readPosition(parent, at)).toBe(false);
    expect(writePosition(parent, at)).toBe(false);
    const other: Rng = { uniform: () => 0.5, normal: () => 0, normals: () => {}, int: () => 0, shuffle: () => {}, fork: () => other };
    expect(readPosition(other, at)).toBe(false);
  });
});
