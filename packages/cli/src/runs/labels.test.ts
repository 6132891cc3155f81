import { describe, expect, it } from 'vitest';
import { shortLabels } from './labels.js';

describe('shortLabels', () => {
  it('uses the fewest trailing path segments that tell the folders apart', () => {
    expect(shortLabels(['/tmp/x/a', '/tmp/x/b'])).toEqual(['a', 'b']);
    expect(shortLabels(['/r/ae/20261202-101500', '/r/vae/20261202-101500', '/r/vae/20261202-111500']))
      .toEqual(['ae/20261202-101500', 'vae/20261202-101500', 'vae/20261202-111500']);
    expect(shortLabels(['/a/run/', '/b/run'])).toEqual(['a/run', 'b/run']);
  });
});
