import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One browser build of the chart libraries: its file name in `assets/` and where npm put it. */
export interface VegaAsset {
  readonly name: string;
  readonly path: string;
}

/** The run folder's subfolder holding the chart libraries (written once per run). */
export const ASSETS_DIR = 'assets';

let found: readonly VegaAsset[] | undefined;

/**
 * vega, vega-lite and vega-embed's minified browser builds, in the order a page loads them
 * (vega-embed expects the globals `vega` and `vegaLite`). Located through the packages' own
 * entry points, so whichever copy the CLI depends on is the one shipped.
 */
export function vegaAssets(): readonly VegaAsset[] {
  if (found !== undefined) return found;
  const require = createRequire(import.meta.url);
  const beside = (pkg: string, file: string): VegaAsset => ({ name: file, path: join(dirname(require.resolve(pkg)), file) });
  found = [beside('vega', 'vega.min.js'), beside('vega-lite', 'vega-lite.min.js'), beside('vega-embed', 'vega-embed.min.js')];
  return found;
}

/**
 * Copies the libraries to `<outDir>/assets/` unless the same-sized files are there already, so
 * the page works from file:// with no network. Returns their paths relative to the run folder.
 */
export function writeVegaAssets(outDir: string): string[] {
  const dir = join(outDir, ASSETS_DIR);
  mkdirSync(dir, { recursive: true });
  return vegaAssets().map((a) => {
    const target = join(dir, a.name);
    if (!existsSync(target) || statSync(target).size !== statSync(a.path).size) copyFileSync(a.path, target);
    return `${ASSETS_DIR}/${a.name}`;
  });
}
