import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, sia, tempDir } from './sia.js';

/**
 * Layers state their output shape from their input shape, so a model whose layers do not fit
 * is refused before anything runs: exit 2, file:line:column of the offending layer, nothing
 * written. Each pipeline below is written out and validated, then run (which must write nothing).
 */
const tmp = tempDir('sia-shapes-');
afterAll(tmp.remove);

/** A pipeline training on `dataset` with the given lines under `with:` (indented 6). */
function pipeline(dataset: string, withLines: string[], extraStages: string[] = [], input = 'data'): string {
  return [
    'name: shapes',
    'stages:',
    `  data: { uses: ${dataset} }`,
    ...extraStages,
    '  model:',
    '    uses: train/autoencoder',
    `    inputs: { data: ${input} }`,
    '    with:',
    ...withLines.map((l) => `      ${l}`),
    '',
  ].join('\n');
}

interface Case {
  readonly title: string;
  readonly text: string;
  /**
   * The expected start of the one error line: `file:line:column at path: ` (a path not in the file,
   * like a default `problem`, points at the deepest key that is) and part of the message.
   */
  readonly at: string;
  readonly message: RegExp;
}

const cases: Case[] = [
  {
    title: 'a dense layer fed a 20x20x1 image without flatten',
    text: pipeline('dataset/emoji', ['encoder:', '  - { type: dense, units: 64 }', '  - { type: dense, units: 2 }']),
    at: ':9:11 at stages.model.with.encoder[0]: ',
    message: /encoder layer 0 \(dense\) cannot take a 20x20x1 input: a dense layer takes a flat input; put \{ type: flatten \} before it/,
  },
  {
    title: 'a conv kernel larger than its input',
    text: pipeline('dataset/font', ['encoder:', '  - { type: conv2d, filters: 4, kernel: 3 }', '  - { type: conv2d, filters: 4, kernel: 6 }', '  - { type: flatten }', '  - { type: dense, units: 2 }']),
    at: ':10:11 at stages.model.with.encoder[1]: ',
    message: /encoder layer 1 \(conv2d\) cannot take a 5x3x4 input: the 6x6 kernel is larger than the 5x3 input padded by 0 \(5x3\)/,
  },
  {
    title: 'a decoder that does not end at the input shape',
    text: pipeline('dataset/font', ['encoder: [16]', 'decoder:', '  - { type: dense, units: 16 }', '  - { type: dense, units: 34 }']),
    at: ':11:11 at stages.model.with.decoder[1]: ',
    message: /the decoder ends at 34 but the input is 35/,
  },
  {
    title: 'a shorthand option given with a list of layers',
    text: pipeline('dataset/font', ['encoder:', '  - { type: dense, units: 2 }', 'latent: 3']),
    at: ':10:15 at stages.model.with.latent: ',
    message: /latent belongs to the widths shorthand of encoder/,
  },
  {
    title: 'a conventional model fed by a noise stage',
    text: pipeline('dataset/font', ['epochs: 5'], ['  noisy: { uses: noise/gaussian, inputs: { data: data } }'], 'noisy'),
    at: ':8:5 at stages.model.with.problem: ',
    message: /a noise stage feeds this conventional model: use problem: \{ type: denoising \}/,
  },
  {
    title: 'a denoising model with no noise',
    text: pipeline('dataset/font', ['problem: { type: denoising }']),
    at: ':8:16 at stages.model.with.problem: ',
    message: /a denoising model needs noisy inputs/,
  },
];

describe('sia validate refuses layers whose shapes do not fit', () => {
  for (const c of cases) {
    it.concurrent(c.title, async () => {
      const file = join(tmp.dir, `${c.title.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, c.text);
      const v = await sia(['validate', file]);
      expect(v.code, v.stderr).toBe(2);
      const lines = v.stderr.trimEnd().split('\n');
      expect(lines, v.stderr).toHaveLength(1);
      expect(lines[0]!.startsWith(file + c.at), lines[0]).toBe(true);
      expect(lines[0]).toMatch(c.message);
      expect(lines[0]).toMatch(/ \[data\/invalid\]$/);
      const out = join(tmp.dir, 'out-' + c.title.replace(/\W+/g, '-'));
      const r = await sia(['run', file, '--out', out]);
      expect(r.code).toBe(2);
      expect(existsSync(out)).toBe(false);
    });
  }
});
