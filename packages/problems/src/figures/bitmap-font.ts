/**
 * The bitmap font the figures write with: printable ASCII 32-126, drawn for this project.
 *
 * Each glyph sits in a 5 x 9 cell: rows 0-6 hold capitals and digits (baseline under row 6),
 * rows 7-8 hold descenders (g, j, p, q, y, comma, underscore). One line of `GLYPH_ART` per glyph:
 * the character itself, a space, then its rows separated by spaces ('#' = ink, '.' = blank);
 * rows left out at the bottom are blank. Kept as art so a wrong pixel is visible in review.
 */

/** Width of a glyph in font pixels. */
export const GLYPH_WIDTH = 5;
/** Height of a glyph cell (cap height + descender) in font pixels. */
export const GLYPH_HEIGHT = 9;
/** Height of capitals and digits in font pixels (what to centre on). */
export const CAP_HEIGHT = 7;
/** Horizontal advance per character (glyph + 1 blank column). */
export const ADVANCE = GLYPH_WIDTH + 1;
/** Vertical advance per text line (cell + 1 blank row). */
export const LINE_HEIGHT = GLYPH_HEIGHT + 1;

const GLYPH_ART = `
  ..... ..... ..... ..... ..... ..... .....
! ..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..
" .#.#. .#.#. .#.#. ..... ..... ..... .....
# .#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.
$ ..#.. .#### #.#.. .###. ..#.# ####. ..#..
% ##... ##..# ...#. ..#.. .#... #..## ...##
& .##.. #..#. #.#.. .#... #.#.# #..#. .##.#
' ..#.. ..#.. .#... ..... ..... ..... .....
( ...#. ..#.. .#... .#... .#... ..#.. ...#.
) .#... ..#.. ...#. ...#. ...#. ..#.. .#...
* ..... ..#.. #.#.# .###. #.#.# ..#.. .....
+ ..... ..#.. ..#.. ##### ..#.. ..#.. .....
, ..... ..... ..... ..... ..... .##.. ..#.. .#...
- ..... ..... ..... .###. ..... ..... .....
. ..... ..... ..... ..... ..... .##.. .##..
/ ..... ....# ...#. ..#.. .#... #.... .....
0 .###. #...# #..## #.#.# ##..# #...# .###.
1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
2 .###. #...# ....# ...#. ..#.. .#... #####
3 ##### ...#. ..#.. ...#. ....# #...# .###.
4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.
5 ##### #.... ####. ....# ....# #...# .###.
6 ..##. .#... #.... ####. #...# #...# .###.
7 ##### ....# ...#. ..#.. .#... .#... .#...
8 .###. #...# #...# .###. #...# #...# .###.
9 .###. #...# #...# .#### ....# ...#. .##..
: ..... .##.. .##.. ..... .##.. .##.. .....
; ..... .##.. .##.. ..... .##.. ..#.. .#...
< ...#. ..#.. .#... #.... .#... ..#.. ...#.
= ..... ..... ##### ..... ##### ..... .....
> .#... ..#.. ...#. ....# ...#. ..#.. .#...
? .###. #...# ....# ...#. ..#.. ..... ..#..
@ .###. #...# ....# .##.# #.#.# #.#.# .###.
A .###. #...# #...# ##### #...# #...# #...#
B ####. #...# #...# ####. #...# #...# ####.
C .###. #...# #.... #.... #.... #...# .###.
D ###.. #..#. #...# #...# #...# #..#. ###..
E ##### #.... #.... ####. #.... #.... #####
F ##### #.... #.... ####. #.... #.... #....
G .###. #...# #.... #.### #...# #...# .####
H #...# #...# #...# ##### #...# #...# #...#
I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
J ..### ...#. ...#. ...#. ...#. #..#. .##..
K #...# #..#. #.#.. ##... #.#.. #..#. #...#
L #.... #.... #.... #.... #.... #.... #####
M #...# ##.## #.#.# #.#.# #...# #...# #...#
N #...# #...# ##..# #.#.# #..## #...# #...#
O .###. #...# #...# #...# #...# #...# .###.
P ####. #...# #...# ####. #.... #.... #....
Q .###. #...# #...# #...# #.#.# #..#. .##.#
R ####. #...# #...# ####. #.#.. #..#. #...#
S .#### #.... #.... .###. ....# ....# ####.
T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
U #...# #...# #...# #...# #...# #...# .###.
V #...# #...# #...# #...# #...# .#.#. ..#..
W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.
X #...# #...# .#.#. ..#.. .#.#. #...# #...#
Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
Z ##### ....# ...#. ..#.. .#... #.... #####
[ .###. .#... .#... .#... .#... .#... .###.
\\ ..... #.... .#... ..#.. ...#. ....# .....
] .###. ...#. ...#. ...#. ...#. ...#. .###.
^ ..#.. .#.#. #...# ..... ..... ..... .....
_ ..... ..... ..... ..... ..... ..... ..... #####
\` .#... ..#.. ...#. ..... ..... ..... .....
a ..... ..... .###. ....# .#### #...# .####
b #.... #.... #.##. ##..# #...# #...# ####.
c ..... ..... .###. #.... #.... #...# .###.
d ....# ....# .##.# #..## #...# #...# .####
e ..... ..... .###. #...# ##### #.... .###.
f ..##. .#..# .#... ###.. .#... .#... .#...
g ..... ..... .#### #...# #...# #...# .#### ....# .###.
h #.... #.... #.##. ##..# #...# #...# #...#
i ..#.. ..... .##.. ..#.. ..#.. ..#.. .###.
j ...#. ..... ..##. ...#. ...#. ...#. ...#. #..#. .##..
k #.... #.... #..#. #.#.. ##... #.#.. #..#.
l .##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
m ..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#
n ..... ..... #.##. ##..# #...# #...# #...#
o ..... ..... .###. #...# #...# #...# .###.
p ..... ..... ####. #...# #...# #...# ####. #.... #....
q ..... ..... .#### #...# #...# #...# .#### ....# ....#
r ..... ..... #.##. ##..# #.... #.... #....
s ..... ..... .#### #.... .###. ....# ####.
t .#... .#... ###.. .#... .#... .#..# ..##.
u ..... ..... #...# #...# #...# #..## .##.#
v ..... ..... #...# #...# #...# .#.#. ..#..
w ..... ..... #...# #...# #.#.# #.#.# .#.#.
x ..... ..... #...# .#.#. ..#.. .#.#. #...#
y ..... ..... #...# #...# #...# #...# .#### ....# .###.
z ..... ..... ##### ...#. ..#.. .#... #####
{ ...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.
| ..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
} .#... ..#.. ..#.. ...#. ..#.. ..#.. .#...
~ ..... ..... .#... #.#.# ...#. ..... .....
`;

const FIRST = 32;
const LAST = 126;

/**
 * Glyph bitmaps indexed by `code - 32`: each a Uint8Array of GLYPH_WIDTH * GLYPH_HEIGHT
 * (row-major, 1 = ink). Parsed once at module load; the art is checked so a typo fails loudly.
 */
const GLYPHS: readonly Uint8Array[] = parseArt(GLYPH_ART);

function parseArt(art: string): Uint8Array[] {
  const lines = art.split('\n').filter((l) => l.length > 0);
  if (lines.length !== LAST - FIRST + 1) throw new Error(`bitmap-font: ${lines.length} glyph lines, expected 95`);
  return lines.map((line, i) => {
    const code = FIRST + i;
    if (line.charCodeAt(0) !== code) throw new Error(`bitmap-font: line ${i} is '${line[0]}', expected '${String.fromCharCode(code)}'`);
    const rows = line.slice(2).split(' ');
    if (rows.length < CAP_HEIGHT || rows.length > GLYPH_HEIGHT) throw new Error(`bitmap-font: '${line[0]}' has ${rows.length} rows`);
    const bits = new Uint8Array(GLYPH_WIDTH * GLYPH_HEIGHT);
    rows.forEach((row, r) => {
      if (!/^[#.]{5}$/.test(row)) throw new Error(`bitmap-font: '${line[0]}' row ${r} is '${row}'`);
      for (let c = 0; c < GLYPH_WIDTH; c++) bits[r * GLYPH_WIDTH + c] = row[c] === '#' ? 1 : 0;
    });
    return bits;
  });
}

/** The bitmap of a character (row-major GLYPH_WIDTH x GLYPH_HEIGHT, 1 = ink); '?' outside ASCII 32-126. */
export function glyph(ch: string): Uint8Array {
  const code = ch.charCodeAt(0);
  return GLYPHS[code >= FIRST && code <= LAST ? code - FIRST : '?'.charCodeAt(0) - FIRST]!;
}

/** Width in pixels of the longest line of `text` drawn at `scale` (no trailing blank column). */
export function textWidth(text: string, scale = 1): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, line.length);
  return widest === 0 ? 0 : (widest * ADVANCE - 1) * scale;
}

/**
 * Height in pixels of `text` drawn at `scale`: full cells (with descenders) for every line but the
 * last, whose descender rows count only when `withDescender`.
 */
export function textHeight(text: string, scale = 1, withDescender = true): number {
  const lines = text.split('\n').length;
  return ((lines - 1) * LINE_HEIGHT + (withDescender ? GLYPH_HEIGHT : CAP_HEIGHT)) * scale;
}
