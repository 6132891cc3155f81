/**
 * The parts of @sia/problems that run in a browser (the `./browser` subpath): the 5x7 font and the
 * problem plugins. Datasets read from files, figures and the trainer stages stay in the main entry.
 */
export { FONT_5X7, FONT_WIDTH, FONT_HEIGHT } from './datasets/font5x7.js';
export { fontDataset, glyphPixels } from './datasets/font.js';
export { conventionalPlugin, conventionalProblem } from './problems/conventional.js';
export { variationalPlugin } from './problems/variational.js';
