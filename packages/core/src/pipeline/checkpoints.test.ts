import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stageCheckpoints } from './checkpoints.js';

const dir = mkdtempSync(join(tmpdir(), 'sia-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sample = () => ({ meta: { epoch: 3, note: 'x' }, arrays: { w: new Float64Array([1, -2.5, Math.PI]), order: new Int32Array([2, 0, 1]), m: new Float32Array([0.25]) } });

describe('a stage checkpoint store', () => {
  it('saves atomically into <stage>/checkpoint.safetensors and loads the same values back', () => {
    const logs: string[] = [];
    const { store, remove } = stageCheckpoints(dir, 'model', 'f'.repeat(64), (m) => logs.push(m));
    expect(store.load()).toBeUndefined();
    expect(store.save(sample())).toBe('model/checkpoint.safetensors');
    const back = store.load()!;
    expect(back.meta).toEqual(sample().meta);
    expect(back.arrays.order).toBeInstanceOf(Int32Array);
    expect(Array.from(back.arrays.w!)).toEqual(Array.from(sample().arrays.w));
    expect(back.arrays.m).toBeInstanceOf(Float32Array);
    expect(logs).toEqual([]);
    remove();
    expect(existsSync(join(dir, 'model', 'checkpoint.safetensors'))).toBe(false);
  });

  it('ignores, with a line in the log, a checkpoint of another configuration, a flipped byte, a truncated file', () => {
    const logs: string[] = [];
    const a = stageCheckpoints(dir, 'm2', 'a'.repeat(64), (m) => logs.push(m));
    a.store.save(sample());
    expect(stageCheckpoints(dir, 'm2', 'b'.repeat(64), (m) => logs.push(m)).store.load()).toBeUndefined();
    expect(logs.pop()).toMatch(/checkpoint m2\/checkpoint.safetensors ignored: it was saved by another configuration of this stage; training from the start/);

    const file = join(dir, 'm2', 'checkpoint.safetensors');
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0x40;
    writeFileSync(file, bytes);
    expect(a.store.load()).toBeUndefined();
    expect(logs.pop()).toMatch(/do not match their recorded digest/);

    writeFileSync(file, bytes.subarray(0, bytes.length - 5));
    expect(a.store.load()).toBeUndefined();
    expect(logs.pop()).toMatch(/ignored: safetensors: .*outside the data/);
  });
});
