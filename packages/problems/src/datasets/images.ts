import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { Matrix, type DatasetArtifact, type StageCheckEnv, type ArtifactInfo, type StageContext, type StageOutput, type StagePlugin } from '@sia/core';
import { DataError } from '../images/data-error.js';
import { readPngHeader, type PngHeader } from '../images/png-header.js';
import { readPng } from '../images/read-png.js';

/** Options of `dataset/images` (after schema defaults). */
export interface ImagesConfig {
  /** Folder of PNG files, relative to the pipeline file. */
  readonly folder: string;
  /** Use 1 - brightness, so dark ink on white paper becomes 1 (as in the built-in datasets). */
  readonly invert?: boolean;
  /** Binarize: values above the threshold become 1, the rest 0 (after `invert`); null keeps grey. */
  readonly threshold?: number | null;
  /** Expected [height, width]; any other size is an error. */
  readonly size?: readonly [number, number];
  /** Largest accepted image in pixels (width * height), checked from the PNG header before decoding. */
  readonly maxPixels?: number;
}

const DEFAULT_MAX_PIXELS = 4_000_000;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['folder'],
  properties: {
    folder: { type: 'string', minLength: 1, description: 'Folder of PNG files (relative to the pipeline file); files are taken in name order, labels are the names without extension.' },
    invert: { type: 'boolean', default: false, description: 'Use 1 - brightness, so dark ink on white becomes 1.' },
    threshold: {
      type: ['number', 'null'],
      minimum: 0,
      maximum: 1,
      default: null,
      description: 'Binarize: values above it become 1, others 0 (after invert); null keeps the grey levels.',
    },
    size: {
      type: 'array',
      items: { type: 'integer', minimum: 1 },
      minItems: 2,
      maxItems: 2,
      description: 'Expected [height, width] of every image; another size is an error.',
    },
    maxPixels: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_MAX_PIXELS,
      description: 'Largest accepted image (width * height), checked from the PNG header before decoding.',
    },
  },
} as const;

/** `heightxwidth`, in the order the options write sizes ([h, w]). */
const dims = (h: PngHeader): string => `${h.height}x${h.width}`;

/** The first bytes of a file: enough for the PNG signature and IHDR, without reading the rest. */
function readHead(path: string): Uint8Array {
  const head = new Uint8Array(64);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Lists the PNG files of a folder in name order, or fails with a clear message. */
function pngFiles(folder: string, given: string): string[] {
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {
    throw new DataError(`image folder '${given}' not found (looked at ${folder})`, { file: given });
  }
  if (!isDir) throw new DataError(`'${given}' is not a folder (${folder})`, { file: given });
  const files = readdirSync(folder)
    .filter((f) => extname(f).toLowerCase() === '.png' && statSync(join(folder, f)).isFile())
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length === 0) throw new DataError(`image folder '${given}' has no .png files`, { file: given });
  return files;
}

/**
 * Checks a folder of PNG files from their headers only: it exists and holds .png files, each a
 * valid PNG within `maxPixels`, all of one size (the expected `size` when given). Cheap enough to
 * run with validation, before anything runs; throws a DataError naming the file otherwise.
 */
export function checkImageFolder(config: ImagesConfig, baseDir: string): { folder: string; files: string[]; first: PngHeader; maxPixels: number } {
  const folder = resolve(baseDir, config.folder);
  const files = pngFiles(folder, config.folder);
  const maxPixels = config.maxPixels ?? DEFAULT_MAX_PIXELS;
  const headers = files.map((f) => readPngHeader(readHead(join(folder, f)), f));
  headers.forEach((h, i) => {
    if (h.width * h.height > maxPixels) {
      throw new DataError(`${files[i]}: ${dims(h)} = ${h.width * h.height} pixels, above the limit maxPixels = ${maxPixels}`, { file: files[i]! });
    }
  });
  const first = headers[0]!;
  const odd = headers.findIndex((h) => h.width !== first.width || h.height !== first.height);
  if (odd >= 0) {
    throw new DataError(`mixed image sizes in '${config.folder}': ${files[0]} is ${dims(first)} but ${files[odd]} is ${dims(headers[odd]!)} (height x width)`, { file: files[odd]! });
  }
  if (config.size && (config.size[0] !== first.height || config.size[1] !== first.width)) {
    throw new DataError(`images in '${config.folder}' are ${dims(first)} (height x width), but size is [${config.size[0]}, ${config.size[1]}]`, { file: files[0]! });
  }
  return { folder, files, first, maxPixels };
}

/**
 * Loads a folder of PNG files as a dataset of grayscale images in [0, 1] (one row per image,
 * labels from the file names). Every header is checked first (`checkImageFolder`), so a bad
 * folder fails fast and cheaply; a file whose pixels do not decode still fails here.
 */
export function loadImageFolder(config: ImagesConfig, baseDir: string): DatasetArtifact {
  const { folder, files, first, maxPixels } = checkImageFolder(config, baseDir);

  const threshold = config.threshold ?? null;
  const inputs = new Matrix(files.length, first.width * first.height);
  files.forEach((f, i) => {
    const px = readPng(new Uint8Array(readFileSync(join(folder, f))), { file: f, maxPixels }).pixels;
    const row = inputs.row(i);
    for (let k = 0; k < px.length; k++) {
      const v = config.invert ? 1 - px[k]! : px[k]!;
      row[k] = threshold === null ? v : v > threshold ? 1 : 0;
    }
  });
  return {
    type: 'dataset',
    inputs,
    targets: inputs,
    labels: files.map((f) => f.slice(0, f.length - extname(f).length)),
    imageShape: [first.height, first.width],
  };
}

/** `dataset/images`: a folder of PNG files as a dataset. */
export const imagesPlugin: StagePlugin<ImagesConfig> = Object.freeze({
  kind: 'dataset',
  name: 'images',
  version: '0.1.0',
  description: 'A folder of PNG images loaded as grayscale in [0, 1] (optionally inverted and binarized).',
  schema,
  inputs: {},
  output: 'dataset',
  check(config: ImagesConfig, env: StageCheckEnv): ArtifactInfo {
    const { first, files } = checkImageFolder(config, env.baseDir);
    return { itemShape: [first.height, first.width, 1], items: files.length };
  },
  run(config: ImagesConfig, _inputs: unknown, ctx: StageContext): StageOutput {
    const artifact = loadImageFolder(config, ctx.baseDir);
    const [h, w] = artifact.imageShape!;
    ctx.log(`dataset/images: ${artifact.labels.length} images of ${h}x${w} from ${config.folder}`);
    return { artifact, metrics: { items: artifact.labels.length, height: h, width: w } };
  },
});
