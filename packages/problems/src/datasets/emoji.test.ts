import { describe, it, expect } from 'vitest';
import { emojiDataset } from './emoji.js';

describe('dataset/emoji', () => {
  it('holds the eight named 20x20 faces', () => {
    const d = emojiDataset();
    expect(d.labels).toEqual(['smile', 'surprise', 'sunglasses', 'wink', 'angry', 'happy', 'emotionless', 'dead']);
    expect(d.inputs.rows).toBe(8);
    expect(d.inputs.cols).toBe(400);
    expect(d.imageShape).toEqual([20, 20]);
    // binary pixels
    expect(d.inputs.data.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('takes a subset in the given order', () => {
    const d = emojiDataset({ faces: ['dead', 'smile'] });
    expect(d.labels).toEqual(['dead', 'smile']);
    expect(Array.from(d.inputs.row(1))).toEqual(Array.from(emojiDataset().inputs.row(0)));
  });
});
