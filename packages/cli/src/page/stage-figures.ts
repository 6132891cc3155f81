import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One figure of a stage: its Vega-Lite spec when the stage wrote one, else an image. */
export interface StageFigure {
  /** The file name without its extension (`loss` for loss.svg, loss.png and loss.vl.json). */
  readonly base: string;
  /** A Vega-Lite spec read from `<base>.vl.json`. */
  readonly spec?: Record<string, unknown>;
  /** The image shown without a spec, or offered beside it: `<base>.svg`, else `<base>.png`. */
  readonly image?: string;
  /** Why a `.vl.json` beside the figure could not be used. */
  readonly problem?: string;
}

/** What a stage wrote: figures, and every other file (models, CSV, JSON). */
export interface StageFiles {
  readonly figures: StageFigure[];
  readonly others: string[];
}

const SPEC = /\.vl\.json$/i;
const IMAGE = /\.(svg|png)$/i;
const baseOf = (file: string): string => file.replace(SPEC, '').replace(IMAGE, '');

/**
 * Groups a stage's files by figure: `<name>.vl.json`, `<name>.svg` and `<name>.png` are one
 * figure. A spec is read from the run folder now (the page inlines it, so it works from file://,
 * where a page may not fetch files); one that does not parse falls back to the image.
 */
export function stageFiles(outDir: string, files: readonly string[]): StageFiles {
  const figures: StageFigure[] = [];
  const others: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!SPEC.test(file) && !IMAGE.test(file)) {
      others.push(file);
      continue;
    }
    const base = baseOf(file);
    if (seen.has(base)) continue;
    seen.add(base);
    const has = (ext: string): string | undefined => files.find((f) => f.toLowerCase() === `${base}${ext}`.toLowerCase());
    const specFile = has('.vl.json');
    const image = has('.svg') ?? has('.png');
    let spec: Record<string, unknown> | undefined;
    let problem: string | undefined;
    if (specFile !== undefined) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(join(outDir, specFile), 'utf8'));
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) spec = parsed as Record<string, unknown>;
        else problem = `${specFile} is not a Vega-Lite spec (a JSON object)`;
      } catch (e) {
        problem = `${specFile} could not be read: ${(e as Error).message}`;
      }
    }
    figures.push({ base, ...(spec !== undefined ? { spec } : {}), ...(image !== undefined ? { image } : {}), ...(problem !== undefined ? { problem } : {}) });
  }
  return { figures, others };
}
