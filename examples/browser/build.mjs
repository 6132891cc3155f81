// Bundles the page's script (main.js and the library example it uses) into dist/app.js, one
// classic script (so the page works from file://, where browsers refuse module scripts), with
// esbuild's defaults for the browser: @sia/core's `browser` export condition is picked by itself,
// no flags, no Node shims.
//   node examples/browser/build.mjs      then open examples/browser/index.html
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles `entry` (relative to this folder) into `outfile`; returns esbuild's result. */
export function bundle(entry = 'main.js', outfile = join(here, 'dist', 'app.js')) {
  return build({ entryPoints: [join(here, entry)], bundle: true, format: 'iife', outfile, logLevel: 'warning' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle();
  console.log(`wrote ${join(here, 'dist', 'app.js')}`);
}
