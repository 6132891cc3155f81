/** Reading images: PNG header check (before decoding) and PNG to grayscale, with data errors. */
export { readPng, type GrayPicture, type ReadPngOptions } from './read-png.js';
export { readPngHeader, type PngHeader } from './png-header.js';
export { DataError, isDataError } from './data-error.js';
