import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Raster, encodePng } from '@sia/figures';
import { sia, tempDir } from './sia.js';

/**
 * dataset/images through the real command: a folder of PNG files trains a model; a missing
 * folder, a file that is not a PNG, mixed sizes and an image over the size limit are bad input
 * (exit 2, one clear message naming the file, nothing written).
 */
const tmp = tempDir('sia-images-');
afterAll(tmp.remove);
const SLOW = 60_000;

/** A black-on-white picture with one dark square at (k, k). */
function png(width: number, height: number, k: number): Uint8Array {
  const r = new Raster(width, height);
  r.fillRect(k, k, 3, 3, [0, 0, 0]);
  return encodePng(r);
}

function folder(name: string, files: Record<string, Uint8Array | string>): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, data] of Object.entries(files)) writeFileSync(join(dir, f), data);
  return dir;
}

function pipeline(name: string, dir: string, extra = ''): string {
  const file = join(tmp.dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      'stages:',
      `  pictures: { uses: dataset/images, with: { folder: ${JSON.stringify(dir)}, invert: true, threshold: 0.5${extra} } }`,
      '  model: { uses: train/autoencoder, inputs: { data: pictures }, with: { encoder: [16], epochs: 50 } }',
      '  fidelity: { uses: evaluate/pixel-error, inputs: { model: model, data: pictures } }',
      '',
    ].join('\n'),
  );
  return file;
}

describe('dataset/images from the command line', () => {
  it('trains on a folder of PNG files, labelled by file name', async () => {
    const dir = folder('good', { 'a.png': png(8, 6, 0), 'b.png': png(8, 6, 2), 'c.png': png(8, 6, 4) });
    const out = join(tmp.dir, 'good-run');
    const r = await sia(['run', pipeline('good', dir), '--out', out, '--quiet'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pictures +items=3/);
  }, SLOW);

  const bad: [string, Record<string, Uint8Array | string> | null, string, RegExp][] = [
    ['missing folder', null, '', /folder/i],
    ['not a PNG', { 'a.png': png(8, 6, 0), 'b.png': 'this is not a picture' }, '', /b\.png/],
    ['mixed sizes', { 'a.png': png(8, 6, 0), 'b.png': png(6, 8, 0) }, '', /b\.png|size/],
    ['over the size limit', { 'a.png': png(64, 64, 0) }, ', maxPixels: 1000', /a\.png|limit|pixels/],
  ];
  for (const [what, files, extra, message] of bad) {
    it(`${what}: bad input: exit 2, a clear message, nothing written`, async () => {
      const name = what.replace(/ /g, '-').toLowerCase();
      const dir = files ? folder(name, files) : join(tmp.dir, 'no-such-folder');
      const out = join(tmp.dir, `${name}-run`);
      const r = await sia(['run', pipeline(name, dir, extra), '--out', out, '--quiet'], { cwd: tmp.dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('[data/invalid]');
      // Found with validation, before anything ran: the message names the stage's place in the file.
      expect(r.stderr).toMatch(new RegExp(`${name}\\.yaml:3:\\d+ at stages\\.pictures\\.with`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }, SLOW);
  }
});
