import { Matrix, defineStage, type DatasetArtifact } from '@sia/core';
import { FONT_5X7, FONT_HEIGHT, FONT_WIDTH } from './font5x7.js';

/** Options of `dataset/font`. */
export interface FontOptions {
  /** Take the first `count` glyphs (in code order). */
  count?: number;
  /** Or take exactly these glyphs, by label (`a`, `{`, `DEL`), in the given order. */
  characters?: string[];
}

const LABELS = FONT_5X7.map((g) => g.label);

/** Unpacks one glyph into 35 pixel values, row-major, 1 = ink. */
export function glyphPixels(rows: readonly number[], out: Float64Array = new Float64Array(FONT_WIDTH * FONT_HEIGHT)): Float64Array {
  for (let r = 0; r < FONT_HEIGHT; r++) {
    for (let c = 0; c < FONT_WIDTH; c++) {
      // bit 4 is the leftmost pixel
      out[r * FONT_WIDTH + c] = (rows[r]! >> (FONT_WIDTH - 1 - c)) & 1;
    }
  }
  return out;
}

/** Builds the font dataset for a selection (already validated by the schema). */
export function fontDataset(options: FontOptions = {}): DatasetArtifact {
  let glyphs = FONT_5X7;
  if (options.characters && options.characters.length > 0) {
    const byLabel = new Map(FONT_5X7.map((g) => [g.label, g]));
    glyphs = options.characters.map((c) => byLabel.get(c)!);
  } else if (options.count !== undefined) {
    glyphs = FONT_5X7.slice(0, options.count);
  }
  const inputs = new Matrix(glyphs.length, FONT_WIDTH * FONT_HEIGHT);
  glyphs.forEach((g, i) => glyphPixels(g.rows, inputs.row(i)));
  return Object.freeze({
    type: 'dataset',
    inputs,
    targets: inputs,
    labels: glyphs.map((g) => g.label),
    imageShape: [FONT_HEIGHT, FONT_WIDTH] as const,
  });
}

/** `dataset/font`: the 32 glyphs of the 5x7 font, or a subset (a count or a list of characters). */
export const fontPlugin = defineStage<FontOptions>({
  kind: 'dataset',
  name: 'font',
  version: '0.1.0',
  description: 'The 32 glyphs of the 5x7 lower-case font (codes 0x60-0x7f), 35 binary pixels each, labelled by character.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      count: {
        type: 'integer',
        minimum: 1,
        maximum: FONT_5X7.length,
        description: `Take the first N glyphs in code order (1-${FONT_5X7.length}).`,
      },
      characters: {
        type: 'array',
        items: { enum: LABELS },
        minItems: 1,
        uniqueItems: true,
        description: 'Take exactly these glyphs by label, e.g. [a, b, "{", DEL].',
      },
    },
  },
  inputs: {},
  output: 'dataset',
  check: (config: FontOptions) => ({ itemShape: [FONT_HEIGHT, FONT_WIDTH, 1], items: config.characters?.length ?? config.count ?? LABELS.length }),
  run(config: FontOptions) {
    const artifact = fontDataset(config);
    return { artifact, metrics: { items: artifact.labels.length, labels: artifact.labels.join('') } };
  },
});
