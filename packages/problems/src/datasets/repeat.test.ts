import { describe, it, expect } from 'vitest';
import { repeatDataset } from './repeat.js';
import { fontDataset } from './font.js';

describe('dataset/repeat', () => {
  it('tiles inputs, targets and labels; row r is item r mod n', () => {
    // 3 glyphs twice: 6 rows, row 4 = glyph 1, labels abcabc.
    const base = fontDataset({ count: 3 });
    const twice = repeatDataset(base, 2);
    expect(twice.inputs.rows).toBe(6);
    expect(twice.labels.join('')).toBe(base.labels.join('').repeat(2));
    expect(Array.from(twice.inputs.row(4))).toEqual(Array.from(base.inputs.row(1)));
    expect(twice.targets).toBe(twice.inputs); // an autoencoder dataset stays one matrix
    expect(twice.imageShape).toEqual(base.imageShape);
  });

  it('rejects a non-positive count', () => {
    expect(() => repeatDataset(fontDataset({ count: 2 }), 0)).toThrow(RangeError);
  });
});
