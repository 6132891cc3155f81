import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDataError } from '../images/data-error.js';
import { EMOJI_SHAPE, emojiFile, loadEmojiFaces, parseEmojiFaces } from './emoji-data.js';

const hamming = (a: Float64Array, b: Float64Array): number => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);

/** A face header plus 20 rows; `edit` may change rows by index. */
function faceText(label: string, edit: (rows: string[]) => void = () => {}): string {
  const rows = Array.from({ length: 20 }, () => '.'.repeat(20));
  edit(rows);
  return [`face ${label}`, ...rows].join('\n');
}

function errorOf(f: () => unknown): { message: string; line?: number } {
  try {
    f();
  } catch (e) {
    expect(isDataError(e)).toBe(true);
    return e as { message: string; line?: number };
  }
  throw new Error('expected a DataError');
}

describe('the shipped emoji faces', () => {
  const faces = loadEmojiFaces();

  it('are the eight named faces, 20 x 20 and binary', () => {
    expect(faces.labels).toEqual(['smile', 'surprise', 'sunglasses', 'wink', 'angry', 'happy', 'emotionless', 'dead']);
    expect(faces.shape).toEqual([20, 20]);
    for (const img of faces.images) {
      expect(img.length).toBe(400);
      expect(img.every((v) => v === 0 || v === 1)).toBe(true);
    }
  });

  it('share one round outline: the border ring is identical and the corners are paper', () => {
    const onRing = (i: number): boolean => {
      const r = Math.floor(i / 20), c = i % 20;
      return Math.hypot(r - 9.5, c - 9.5) > 8.2;
    };
    const ring = (img: Float64Array): string => Array.from(img).filter((_, i) => onRing(i)).join('');
    for (const img of faces.images) {
      expect(ring(img)).toBe(ring(faces.images[0]!));
      for (const corner of [0, 19, 380, 399]) expect(img[corner]).toBe(0);
    }
  });

  it('differ from each other in at least 12 pixels (eyes and mouth tell them apart)', () => {
    for (let a = 0; a < faces.images.length; a++) {
      for (let b = a + 1; b < faces.images.length; b++) {
        const d = hamming(faces.images[a]!, faces.images[b]!);
        expect(d, `${faces.labels[a]} vs ${faces.labels[b]}`).toBeGreaterThanOrEqual(12);
      }
    }
  });

  it('is read from a file next to the sources, found relative to the module', () => {
    expect(existsSync(emojiFile())).toBe(true);
    expect(emojiFile()).toMatch(/src[\\/]data[\\/]emoji\.txt$/);
  });
});

describe('parseEmojiFaces', () => {
  it('parses faces and skips comments and blank lines', () => {
    const text = `; a comment\n\n${faceText('a', (r) => (r[0] = '#' + '.'.repeat(19)))}\n\n${faceText('b')}\n`;
    const parsed = parseEmojiFaces(text);
    expect(parsed.labels).toEqual(['a', 'b']);
    expect(parsed.shape).toEqual(EMOJI_SHAPE);
    expect(parsed.images[0]![0]).toBe(1);
    expect(parsed.images[0]!.reduce((n, v) => n + v, 0)).toBe(1);
    expect(parsed.images[1]!.every((v) => v === 0)).toBe(true);
  });

  it('names the line of a short row', () => {
    const e = errorOf(() => parseEmojiFaces(faceText('a', (r) => (r[4] = '.'.repeat(19))), 'faces.txt'));
    // Line 1 is the header, so row 5 is line 6.
    expect(e.message).toBe("faces.txt:6: row 5 of face 'a' has 19 characters, expected 20");
    expect(e.line).toBe(6);
  });

  it('names the line of a stray character', () => {
    const e = errorOf(() => parseEmojiFaces(faceText('a', (r) => (r[0] = 'x'.repeat(20)))));
    expect(e.message).toMatch(/^emoji\.txt:2: unexpected 'x' in face 'a'/);
  });

  it('reports a face with too few or too many rows at its header', () => {
    const short = faceText('a').split('\n').slice(0, 15).join('\n');
    expect(errorOf(() => parseEmojiFaces(short)).message).toBe("emoji.txt:1: face 'a' has 14 rows, expected 20");
    const long = `${faceText('a')}\n${'.'.repeat(20)}`;
    expect(errorOf(() => parseEmojiFaces(long)).message).toBe("emoji.txt:22: face 'a' has more than 20 rows");
  });

  it('rejects duplicate labels, text before the first face, and an empty file', () => {
    expect(errorOf(() => parseEmojiFaces(`${faceText('a')}\n${faceText('a')}`)).message).toMatch(/:22: face 'a' is defined twice/);
    expect(errorOf(() => parseEmojiFaces(`hello\n${faceText('a')}`)).message).toMatch(/:1: expected 'face <label>'/);
    expect(errorOf(() => parseEmojiFaces('; nothing\n')).message).toMatch(/no faces found/);
  });
});
