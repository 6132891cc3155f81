// The bundle the browser test loads: the library example, exposed to the page.
import { createRng, wasmArena } from '@sia/core';
import { trainLetters, weightBits } from '../letters.js';

/** @type {any} */ (globalThis).siaRun = async (/** @type {number} */ seed, /** @type {number} */ epochs) => {
  const { model, history } = await trainLetters({ seed, epochs });
  return { bits: weightBits(model), history, wasm: wasmArena() !== undefined };
};

/** Normal draws (Box–Muller: log, sin, cos) of a stream, to compare engines. */
/** @type {any} */ (globalThis).siaNormals = (/** @type {number} */ seed, /** @type {number} */ n) => {
  const rng = createRng(seed, 'normals');
  return Array.from({ length: n }, () => rng.normal());
};
