import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One browser build of the chart libraries: its file name and where npm put it. */
export interface VegaAsset {
  readonly name: string;
  readonly path: string;
}

let found: readonly VegaAsset[] | undefined;
let inline: string | undefined;

/**
 * vega, vega-lite and vega-embed's minified browser builds (UMD: they set the globals `vega`,
 * `vegaLite` and `vegaEmbed`), in the order a page loads them. Located through the packages' own
 * entry points, so whichever copy the CLI depends on is the one shipped. Stable: a page served
 * over HTTP (the live view) may serve these files instead of inlining them.
 */
export function vegaAssets(): readonly VegaAsset[] {
  if (found !== undefined) return found;
  const require = createRequire(import.meta.url);
  const beside = (pkg: string, file: string): VegaAsset => ({ name: file, path: join(dirname(require.resolve(pkg)), file) });
  found = [beside('vega', 'vega.min.js'), beside('vega-lite', 'vega-lite.min.js'), beside('vega-embed', 'vega-embed.min.js')];
  return found;
}

/**
 * A library's source made safe inside an inline `<script>`: no `</script` (written `<\/script`,
 * the same text to JavaScript wherever it may stand) and no source-map comment (the map would
 * resolve beside the page, where there is none).
 */
export function inlineScriptSource(source: string): string {
  return source.replace(/^\/\/# sourceMappingURL=.*$/gm, '').replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * The three chart libraries as inline `<script>` elements (about 0.8 MB, read once per process),
 * so that a page works from file:// with no network and no files beside it. Stable: the run
 * folder's index.html and the live view both put this in their `<head>` and then call
 * `vegaEmbed` (`DRAW_SCRIPT` in embed-script.ts).
 */
export function vegaScripts(): string {
  inline ??= vegaAssets()
    .map((a) => `<script data-lib="${a.name}">${inlineScriptSource(readFileSync(a.path, 'utf8'))}</script>`)
    .join('\n');
  return inline;
}
