/**
 * sia's figures. Charts (training curves, the latent plane, noise sweeps) are Vega-Lite specs
 * built by pure functions and rendered headless by vega and resvg to SVG and a 2x PNG in the
 * bundled DejaVu Sans; the specs carry their data and interactive params for an embedding page.
 * Pixel mosaics (image grids, reconstructions, decoded latent grids) keep whole-pixel drawing
 * in a `Raster` with SVG text on top, also drawn at 2x.
 */
export { lossChartSpec, logTickValues, SMOOTHING_WINDOWS, type LossChartOptions, type LossSeries } from './loss-chart.js';
export { latentScatterSpec, planeFrame, type LatentScatterOptions, type ScatterPoint } from './latent-scatter.js';
export { noiseSweepSpec, type NoiseSweepOptions, type SweepLine, type SweepPanel } from './noise-sweep.js';
export { renderChart, staticSpec, svgToPng, toVega, specJson, useFontMetrics, vegaLibraries, INTERACTIVE_PREFIX, PNG_SCALE, type RenderedChart } from './render.js';
export { startChartWorker, chartWorker, type ChartWorker } from './chart-worker.js';
export { chartFiles, mosaicFiles, writeFigure, type FigureFiles } from './files.js';
export { decimationIndices, bucketCount, MAX_POINTS } from './decimate.js';
export { placeLabels, overlaps, type LabelRequest, type Placement, type Rect } from './label-placement.js';
export { FONT_FAMILY, FONT_STACK, fontFile, textWidth, fontExtent, type FontWeight } from './font.js';
export { Mosaic, encodePng, blockSize, wrapText, type TextOptions } from './mosaic.js';
export { Raster, type Box } from './raster.js';
export { drawGray, type DrawImageOptions, type GrayImage } from './gray-image.js';
export { SERIES, INK, MUTED, LIGHT, FAINT, WRONG, RIGHT, WHITE, BLACK, seriesColor, mix, hex, type Rgb } from './palette.js';
export { imageGrid, defaultImageScale, LABEL_SIZE, TITLE_SIZE, type CellImage, type GridCell, type ImageGridOptions } from './image-grid.js';
export { reconstructionGrid, wrongPixelMask, rowsOf, type ImageRows, type ReconstructionGridOptions } from './reconstruction-grid.js';
export { latentGridFigure, cellCentre, type LatentGridOptions, type LatentWindow } from './latent-grid.js';
export { niceStep, multiple, formatFixed, decimalsFor } from './ticks.js';
export { chartConfig, PLOT_WIDTH, PLOT_HEIGHT, VEGA_LITE_SCHEMA } from './theme.js';
export { formatCount } from './fields.js';
