export { Matrix } from './tensor/matrix.js';
