/**
 * @sia/cli: the `sia` command (bin: dist/main.js). The pieces below are exported for tools and
 * tests that compose sia the way the command does.
 */
export { buildPluginRegistry, sourcesFromFlags, sourcesFromPipeline } from './container.js';
export { loadPluginModule, acceptExports } from './plugins/load-module.js';
export type { PluginSource, LoadedPluginModule, WrapPlugins } from './plugins/load-module.js';
export { resolvePluginSpecifier } from './plugins/resolve-specifier.js';
export { PlainReporter } from './report/plain-reporter.js';
export type { PlainReporterOptions } from './report/plain-reporter.js';
export { createReporter } from './report/create-reporter.js';
export type { CliReporter, ReporterStreams } from './report/cli-reporter.js';
export { formatDuration, formatNumber, formatProgress } from './report/format.js';
export { claimRunDir } from './out-dir.js';
export { EXIT_OK, EXIT_RUN_FAILED, EXIT_BAD_INPUT } from './exit-codes.js';
export { reportErrors } from './report-errors.js';
export { renderPage, createPageRenderer, figureId } from './page/render-page.js';
export { vegaAssets, vegaScripts, type VegaAsset } from './page/vega-assets.js';
