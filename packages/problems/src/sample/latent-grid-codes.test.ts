import { describe, expect, it } from 'vitest';
import { latentGridCodes } from './latent-grid-codes.js';

describe('latentGridCodes', () => {
  it('gives cell centres in reading order, the top row first', () => {
    // 2 partitions of x in [-4, 4]: centres -2, 2; of y in [-2, 2]: centres -1, 1 (top row y = 1).
    const codes = latentGridCodes({ partitions: 2, x: [-4, 4], y: [-2, 2] });
    expect(codes.toArrays()).toEqual([[-2, 1], [2, 1], [-2, -1], [2, -1]]);
    expect(latentGridCodes({ partitions: 8, x: [-4, 4], y: [-4, 4] }).row(0)).toEqual(new Float64Array([-3.5, 3.5]));
    expect(() => latentGridCodes({ partitions: 0, x: [0, 1], y: [0, 1] })).toThrow(RangeError);
  });
});
