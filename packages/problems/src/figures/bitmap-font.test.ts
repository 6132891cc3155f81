import { describe, expect, it } from 'vitest';
import { ADVANCE, CAP_HEIGHT, GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textHeight, textWidth } from './bitmap-font.js';

const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const key = (b: Uint8Array): string => Array.from(b).join('');

describe('bitmap font', () => {
  it('has a 5x9 bitmap for every printable ASCII character, ink only for non-space', () => {
    for (const ch of printable) {
      const g = glyph(ch);
      expect(g.length).toBe(GLYPH_WIDTH * GLYPH_HEIGHT);
      const ink = g.reduce((n, v) => n + v, 0);
      if (ch === ' ') expect(ink).toBe(0);
      else expect(ink, `'${ch}' has no ink`).toBeGreaterThan(0);
    }
  });

  it('draws every character differently', () => {
    const seen = new Map<string, string>();
    for (const ch of printable) {
      const k = key(glyph(ch));
      expect(seen.get(k), `'${ch}' looks like '${seen.get(k)}'`).toBeUndefined();
      seen.set(k, ch);
    }
  });

  it('keeps capitals in rows 0-6 and uses rows 7-8 only for descenders', () => {
    const below = (ch: string): number => glyph(ch).subarray(CAP_HEIGHT * GLYPH_WIDTH).reduce((n, v) => n + v, 0);
    for (const ch of 'ABCXYZ0123456789') expect(below(ch)).toBe(0);
    for (const ch of 'gjpqy,_') expect(below(ch), ch).toBeGreaterThan(0);
  });

  it('draws A as the expected rows', () => {
    const a = glyph('A');
    const rows = Array.from({ length: CAP_HEIGHT }, (_, r) => Array.from(a.subarray(r * 5, r * 5 + 5)).join(''));
    expect(rows).toEqual(['01110', '10001', '10001', '11111', '10001', '10001', '10001']);
  });

  it('falls back to ? outside printable ASCII', () => {
    expect(key(glyph('é'))).toBe(key(glyph('?')));
    expect(key(glyph('\t'))).toBe(key(glyph('?')));
  });

  it('measures text: n characters are n * 6 - 1 font pixels wide, lines are 10 apart', () => {
    expect(textWidth('abc', 1)).toBe(3 * ADVANCE - 1); // 17
    expect(textWidth('abc', 2)).toBe(34);
    expect(textWidth('a\nlonger', 1)).toBe(6 * ADVANCE - 1);
    expect(textWidth('', 2)).toBe(0);
    expect(textHeight('x', 2)).toBe(18); // one cell of 9 rows at scale 2
    expect(textHeight('x', 2, false)).toBe(14); // capitals only
    expect(textHeight('x\ny', 1)).toBe(19); // 10 + 9
  });
});
