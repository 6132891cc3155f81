/**
 * Figures as pictures: an RGB raster with a built-in bitmap font, a PNG encoder, and the
 * figures the sample and evaluate stages write (image grids, latent plane, latent grid, line plots).
 * Every figure is a pure function of its inputs returning a `Raster`; `encodePng` makes the file.
 */
export { Raster, capHeight, type Box, type StrokeOptions, type TextOptions } from './raster.js';
export { drawGray, type DrawImageOptions, type GrayImage } from './gray-image.js';
export { encodePng, crc32, type RgbPixels } from './png.js';
export { glyph, textWidth, textHeight, GLYPH_WIDTH, GLYPH_HEIGHT, CAP_HEIGHT } from './bitmap-font.js';
export { SERIES, INK, MUTED, LIGHT, FAINT, WRONG, RIGHT, WHITE, BLACK, seriesColor, mix, type Rgb } from './palette.js';
export { imageGrid, defaultImageScale, type CellImage, type GridCell, type ImageGridOptions } from './image-grid.js';
export { reconstructionGrid, type ImageRows, type ReconstructionGridOptions } from './reconstruction-grid.js';
export { latentScatter, type LatentScatterOptions, type ScatterPoint } from './latent-scatter.js';
export { latentGridFigure, latentGridCodes, type LatentGridOptions, type LatentWindow } from './latent-grid.js';
export { linePlot, type LinePlotOptions, type LineSeries } from './line-plot.js';
export { linearTicks, logTicks, niceStep, formatNumber, type Tick } from './ticks.js';
