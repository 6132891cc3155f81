import { describe, it, expect } from 'vitest';
import { fontDataset, glyphPixels } from './font.js';

describe('dataset/font', () => {
  it('holds 32 glyphs of 35 pixels, labelled by character', () => {
    const d = fontDataset();
    expect(d.inputs.rows).toBe(32);
    expect(d.inputs.cols).toBe(35);
    expect(d.labels[1]).toBe('a');
    expect(d.labels[31]).toBe('DEL');
    expect(d.imageShape).toEqual([7, 5]);
  });

  it('unpacks rows with bit 4 as the leftmost pixel', () => {
    // 'l' is 0x0c 0x04 ...: 0x0c = 01100 -> pixels . # # . . ; 0x04 = 00100 -> . . # . .
    const px = glyphPixels([0x0c, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04]);
    expect(Array.from(px.subarray(0, 5))).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(px.subarray(5, 10))).toEqual([0, 0, 1, 0, 0]);
    // DEL is all ink: 35 ones
    const del = fontDataset({ characters: ['DEL'] });
    expect(del.inputs.data.reduce((a, b) => a + b, 0)).toBe(35);
  });

  it('takes a subset by count or by characters, in the given order', () => {
    expect(fontDataset({ count: 5 }).labels).toEqual(['`', 'a', 'b', 'c', 'd']);
    const s = fontDataset({ characters: ['z', 'a'] });
    expect(s.labels).toEqual(['z', 'a']);
    // 'a' row 1 is 0x0e = 01110
    expect(Array.from(s.inputs.row(1).subarray(5, 10))).toEqual([0, 1, 1, 1, 0]);
  });

  it('gives every glyph a distinct picture', () => {
    const d = fontDataset();
    const seen = new Set<string>();
    for (let i = 0; i < d.inputs.rows; i++) seen.add(Array.from(d.inputs.row(i)).join(''));
    expect(seen.size).toBe(32);
  });
});
