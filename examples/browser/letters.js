// @ts-check
/**
 * The letters autoencoder with @sia/core as a library, in Node or in a browser: build the
 * network from named options (each plugin fills in its own defaults), train it without blocking
 * (fitAsync yields to the event loop every 16 ms), encode, decode, save to bytes and revive.
 * docs/library.md walks through it; `node examples/browser/letters-node.mjs` runs it in Node and
 * index.html in a page.
 */
import { Model, createComponents, createRng, decodeWeights, encodeModel, fitAsync, parseModelDescription, planModel, reconstructionStep, reviveModel } from '@sia/core';
import { layersPlugins } from '@sia/layers';
import { optimizersPlugins } from '@sia/optimizers';
import { conventionalPlugin, fontDataset } from '@sia/problems/browser';

/** The 32 glyphs of the 5x7 font as a 32 x 35 matrix of 0/1 pixels (one glyph per row). */
export const glyphs = () => fontDataset({}).inputs;

/** Every plugin the model needs, as a plain component context (no schema compiler). */
export const components = createComponents([...layersPlugins, ...optimizersPlugins, conventionalPlugin]);

/**
 * Builds and trains 35-64-32-2 (tanh, linear latent, logistic output, BCE, Adam, full batch) for
 * `epochs` epochs from `seed`; `onEpoch(epoch, loss, model)` is called after each epoch.
 * @param {{ seed?: number, epochs?: number, onEpoch?: (epoch: number, loss: number, model: Model) => void }} [o]
 */
export async function trainLetters({ seed = 1, epochs = 300, onEpoch } = {}) {
  const tanh = { type: 'tanh' };
  const plan = planModel(
    {
      inputShape: [35],
      problem: { type: 'conventional' },
      encoder: [{ type: 'dense', units: 64, activation: tanh }, { type: 'dense', units: 32, activation: tanh }, { type: 'dense', units: 2 }],
      decoder: 'mirror',
      output: { type: 'logistic', beta: 0.5 },
    },
    /** @type {any} */ (components),
  );
  if (plan.isErr()) throw new Error(plan.error.message);
  const rng = createRng(seed, 'letters');
  const model = Model.build(plan.value, { weights: rng.fork('weights'), noise: rng.fork('sampling'), initializer: components.create('initializer', { type: 'glorot' }) });
  const data = glyphs();
  const result = await fitAsync(reconstructionStep(model, components.create('loss', { type: 'bce' })), { inputs: data, targets: data }, {
    optimizer: components.create('optimizer', { type: 'adam', rate: 0.01 }),
    updater: components.create('updater', { type: 'batch' }),
    epochs,
    rng: rng.fork('training'),
    onEpoch: (epoch, loss) => void onEpoch?.(epoch, loss, model),
  });
  return { model, data, history: result?.history ?? [] };
}

/** The model as the two files sia writes (model.json text, model.safetensors bytes), and back. */
export function saveAndRevive(/** @type {Model} */ model) {
  const { json, weights } = encodeModel(model);
  const revived = reviveModel(parseModelDescription(json), decodeWeights(weights), /** @type {any} */ (components));
  return { json, weights, revived };
}

/** Every weight's IEEE-754 bits as hex, in tensor order: to compare two engines exactly. */
export function weightBits(/** @type {Model} */ model) {
  const out = [];
  for (const [name, t] of Object.entries(model.tensors())) {
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    out.push(`${name}:${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`);
  }
  return out;
}
