import { Matrix, type NoiseFn, type Rng, type Model } from '@sia/core';
import { countWrongPixels } from './wrong-pixels.js';
import { ceilingWrongPixels, glyphPixelDistances } from './ceiling.js';

/** One noise type of a sweep: a noise plugin and the levels to try. */
export interface SweepNoise {
  /** A noise plugin name (`gaussian`, `salt-and-pepper`, or any registered noise). */
  readonly type: string;
  readonly levels: readonly number[];
  /** The noise's other options, the same at every level (e.g. `{ clip: false }`). */
  readonly with?: Readonly<Record<string, unknown>>;
}

/** The default sweep: the levels the denoising study reports. */
export const DEFAULT_NOISES: readonly SweepNoise[] = Object.freeze([
  { type: 'gaussian', levels: [0.1, 0.2, 0.3, 0.4, 0.5] },
  { type: 'salt-and-pepper', levels: [0.05, 0.1, 0.15, 0.2, 0.3] },
]);

/** The model name of the best possible denoiser in the rows. */
export const CEILING = 'ceiling';

/** One line of the sweep table (metrics.json `rows`). */
export interface SweepRow {
  readonly noise: string;
  readonly level: number;
  /** `denoising`, `plain` or `ceiling`. */
  readonly model: string;
  /** Share of the copies reconstructed within `within` wrong pixels of the clean glyph, in [0, 1]. */
  readonly recovered: number;
  readonly meanWrongPixels: number;
  /** `recovered` over the ceiling's at the same noise and level (null when the ceiling is 0). */
  readonly ratioToCeiling: number | null;
}

/** A few copies kept for the examples picture: clean | noisy | each model's output. */
export interface SweepExample {
  readonly noise: string;
  readonly level: number;
  readonly glyph: number;
  readonly noisy: Float64Array;
  /** Output and wrong pixels per model name. */
  readonly outputs: Readonly<Record<string, { pixels: Float64Array; wrong: number }>>;
}

export interface SweepOptions {
  /** Models by name (e.g. `denoising`, `plain`), each mapping a noisy copy to a clean guess. */
  readonly models: Readonly<Record<string, Model>>;
  /** The clean glyphs, one per row, binary. */
  readonly glyphs: Matrix;
  readonly noises: readonly SweepNoise[];
  /** Fresh noisy copies of each glyph per level. */
  readonly copies: number;
  /** A copy is recovered when within this many wrong pixels. */
  readonly within: number;
  readonly threshold: number;
  /** The stage's stream; each (noise, level) forks its own, so the list order changes nothing. */
  readonly rng: Rng;
  /** Builds the noise of sweep entry `entry` at `level` (the stage validates the config and calls `ctx.create`). */
  readonly makeNoise: (entry: SweepNoise, level: number) => NoiseFn;
  /** Glyph indices whose first copy at each level goes into `examples`. */
  readonly exampleGlyphs?: readonly number[];
}

export interface SweepResult {
  readonly rows: SweepRow[];
  readonly examples: SweepExample[];
}

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** Noisy copies per forward pass of a model in `sweepNoise`. */
const CHUNK = 512;

/**
 * For each noise type and level: `copies` fresh noisy copies of every glyph (copy-major: row
 * c * glyphs + g is copy c of glyph g), each model's reconstruction counted against the clean
 * glyph, and the ceiling (nearest glyph, see `ceiling.ts`) counted the same way.
 */
export function sweepNoise(o: SweepOptions): SweepResult {
  const n = o.glyphs.rows, cols = o.glyphs.cols, total = n * o.copies;
  const clean = new Matrix(total, cols);
  const truth = new Int32Array(total);
  for (let c = 0; c < o.copies; c++) {
    clean.data.set(o.glyphs.data, c * n * cols);
    for (let g = 0; g < n; g++) truth[c * n + g] = g;
  }
  const noisy = new Matrix(total, cols);
  const wrong = new Int32Array(total);
  const chosen = new Int32Array(total);
  const distances = glyphPixelDistances(o.glyphs, o.threshold);
  const rows: SweepRow[] = [];
  const examples: SweepExample[] = [];
  const names = Object.keys(o.models);

  // Share within `within` and mean wrong pixels of the counts now in `wrong`.
  const summarise = (): { recovered: number; meanWrongPixels: number } => {
    let ok = 0, sum = 0;
    for (let r = 0; r < total; r++) {
      sum += wrong[r]!;
      if (wrong[r]! <= o.within) ok++;
    }
    return { recovered: ok / total, meanWrongPixels: sum / total };
  };

  for (const [e, entry] of o.noises.entries()) {
    for (const level of entry.levels) {
      // The entry's index is in the label: two entries of one type and level draw different noise.
      const stream = o.rng.fork(`${e}:${entry.type}:${level}`);
      o.makeNoise(entry, level)(clean, noisy, stream.fork('noise'));
      const kept = (o.exampleGlyphs ?? []).map((g) => ({ glyph: g, noisy: noisy.row(g).slice(), outputs: {} as Record<string, { pixels: Float64Array; wrong: number }> }));
      const found: Array<{ model: string; recovered: number; meanWrongPixels: number }> = [];
      for (const name of names) {
        // In chunks of rows: the same outputs as one batch of all the copies (each row is computed
        // on its own), without a model's buffers for every copy at once (hundreds of megabytes
        // for 6,400 copies through a wide net, most of the time of the stage to allocate).
        for (let start = 0; start < total; start += CHUNK) {
          const end = Math.min(total, start + CHUNK);
          const out = o.models[name]!.reconstruct(noisy.rowsView(start, end));
          countWrongPixels(out, clean.rowsView(start, end), wrong.subarray(start, end), o.threshold);
          for (const k of kept) if (k.glyph >= start && k.glyph < end) k.outputs[name] = { pixels: out.row(k.glyph - start).slice(), wrong: wrong[k.glyph]! };
        }
        found.push({ model: name, ...summarise() });
      }
      ceilingWrongPixels(noisy, truth, o.glyphs, distances, stream.fork('ties'), chosen, wrong);
      const ceiling = summarise();
      for (const k of kept) k.outputs[CEILING] = { pixels: o.glyphs.row(chosen[k.glyph]!).slice(), wrong: wrong[k.glyph]! };
      for (const f of [...found, { model: CEILING, ...ceiling }]) {
        rows.push({
          noise: entry.type,
          level,
          model: f.model,
          recovered: round(f.recovered),
          meanWrongPixels: round(f.meanWrongPixels),
          ratioToCeiling: ceiling.recovered > 0 ? round(f.recovered / ceiling.recovered) : null,
        });
      }
      for (const k of kept) examples.push({ noise: entry.type, level, ...k });
    }
  }
  return { rows, examples };
}
