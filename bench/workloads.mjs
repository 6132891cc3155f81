// The benchmark workloads (W1 to W3c of the earlier tool's problems; W4, W4s, W5 at a larger scale), built the way a pipeline builds them: the dataset
// stages' builders, the plugins' `create` (activations, losses, initializers, optimizers,
// updaters) with the options a pipeline would give, the model assembled from the layer and
// problem plugins as the trainer does (`planModel`, `Model.build`, `reconstructionStep`) and
// core's `fit` epoch loop. Plain ESM over the built packages (dist), no TypeScript.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../scripts/setup.mjs';

const load = (pkg) => import(pathToFileURL(join(ROOT, 'packages', pkg, 'dist', 'index.js')).href);

/** Weights per sample (biases not counted), for GFLOP/s = 6 × weights × samples/s. */
export function weightCount(sizes) {
  let n = 0;
  for (let i = 0; i + 1 < sizes.length; i++) n += sizes[i] * sizes[i + 1];
  return n;
}

/** 400-260-128-64-(2+2)-64-128-260-400: both heads read the 64 units. */
const VAE_WEIGHTS = weightCount([400, 260, 128, 64]) + 2 * 64 * 2 + weightCount([2, 64, 128, 260, 400]);

/**
 * Multiply-adds per sample of the convolutional VAE of pipelines/vae-emoji-conv.yaml (the GFLOP/s
 * formula counts a weight as one multiply-add per sample): a convolution costs output pixels x
 * filters x kernel area x input channels, a transposed one input pixels x channels x kernel area x filters.
 */
const CONV_VAE_MACS = 10 * 10 * 8 * 16 + 5 * 5 * 16 * 128 + 400 * 64 + 64 * 2 * 2 + 2 * 64 + 64 * 400 + 5 * 5 * 16 * 128 + 10 * 10 * 8 * 16;

export const WORKLOADS = {
  W1: { what: '35-16-8-2-8-16-35 tanh/logistic, MSE, GD, full batch of 32', weights: weightCount([35, 16, 8, 2, 8, 16, 35]) },
  W1o: { what: 'the same, online', weights: weightCount([35, 16, 8, 2, 8, 16, 35]) },
  W2: { what: '35-25-25-2-25-25-35, Adam, online', weights: weightCount([35, 25, 25, 2, 25, 25, 35]) },
  W3: { what: 'VAE 400-260-128-64-(2+2)-64-128-260-400, Adam, online, 8 faces', weights: VAE_WEIGHTS },
  W3b: { what: 'the same VAE, mini-batch of 8', weights: VAE_WEIGHTS },
  W3c: { what: 'conv VAE of vae-emoji-conv.yaml (conv 8, conv 16, 64, 2; mirrored), ReLU, Adam, mini-batch of 8', weights: CONV_VAE_MACS },
  W4: { what: 'MNIST-sized 784-512-256-2 mirrored, ReLU, logistic output, BCE, Adam, 1,024 items, batch 128', weights: weightCount([784, 512, 256, 2, 256, 512, 784]) },
  W4s: { what: 'the same at batch 32', weights: weightCount([784, 512, 256, 2, 256, 512, 784]) },
  W5: { what: 'the VAE of W3 on 1,024 items of 20x20 (the 8 faces, 128 noisy copies each), batch 64', weights: VAE_WEIGHTS },
};

/** `rows` items of `cols` pixels from the stream: a pixel is ink with probability 0.3 (an MNIST-like density). */
function syntheticImages(core, rng, rows, cols) {
  const m = new core.Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.3 ? 1 : 0;
  return { inputs: m, targets: m };
}

/**
 * Builds a workload. Returns `{ items, train(epochs) }`: `train` runs `fit` for that many epochs
 * on the same model (so repeated runs continue training, as a long pipeline would).
 * `adamPrecision` is the Adam plugin's `precision` option (W2, W3, W3b): the default float64, or
 * float32 for the update's square root and division. `precision` is the network's (a trainer's
 * `precision` option): float32 makes weights, activations, gradients and Adam's state float32.
 */
export async function buildWorkload(name, { adamPrecision = 'float64', precision = 'float64' } = {}) {
  const [core, layers, optimizers, problems] = await Promise.all([load('core'), load('layers'), load('optimizers'), load('problems')]);
  const rng = core.createRng(1, `bench/${name}`);
  const glorot = layers.glorotPlugin.create({});
  // Models are assembled the way train/autoencoder assembles them: layer and problem plugins
  // through a component context, `planModel`, `Model.build`.
  const registry = core.compileRegistry([...layers.layersPlugins, ...optimizers.optimizersPlugins, ...problems.problemsPlugins])._unsafeUnwrap();
  const components = core.createComponentContext(registry);
  const dense = (units, activation) => ({ type: 'dense', units, activation });
  const build = (problem, inputShape, encoder) => {
    const arch = { inputShape, problem, encoder, decoder: 'mirror', output: { type: 'logistic', beta: 0.5 }, ...(precision === 'float32' ? { precision } : {}) };
    const plan = core.planModel(arch, components)._unsafeUnwrap();
    return core.Model.build(plan, { weights: rng.fork('weights'), noise: rng.fork('sampling'), initializer: glorot });
  };
  const tanh = { type: 'tanh', beta: 1 };
  if (name === 'W1' || name === 'W1o' || name === 'W2') {
    const data = problems.fontDataset({});
    const hidden = name === 'W2' ? [25, 25] : [16, 8];
    const ae = build({ type: 'conventional' }, [35], [...hidden.map((w) => dense(w, tanh)), dense(2, tanh)]);
    const step = core.reconstructionStep(ae, layers.msePlugin.create({}), ae.penalties);
    const optimizer = name === 'W2' ? optimizers.adamPlugin.create({ rate: 1e-3, precision: adamPrecision }) : optimizers.gdPlugin.create({ rate: 0.5 });
    const updater = name === 'W1' ? optimizers.batchPlugin.create({}) : optimizers.onlinePlugin.create({});
    const training = rng.fork('training');
    return { items: data.inputs.rows, train: (epochs) => core.fit(step, data, { optimizer, updater, epochs, rng: training }) };
  }
  if (name === 'W3' || name === 'W3b') {
    const data = problems.emojiDataset({});
    const vae = build({ type: 'variational', beta: 1, warmup: 0 }, [400], [dense(260, tanh), dense(128, tanh), dense(64, tanh), dense(2, { type: 'linear' })]);
    const step = core.reconstructionStep(vae, layers.bcePlugin.create({ reduction: 'sum' }), vae.penalties);
    const optimizer = optimizers.adamPlugin.create({ rate: 1e-3, precision: adamPrecision });
    const updater = name === 'W3' ? optimizers.onlinePlugin.create({}) : optimizers.miniBatchPlugin.create({ batchSize: 8 });
    const training = rng.fork('training');
    return { items: data.inputs.rows, train: (epochs) => core.fit(step, data, { optimizer, updater, epochs, rng: training }) };
  }
  if (name === 'W3c') {
    const data = problems.emojiDataset({});
    const relu = { type: 'relu' };
    const conv = (filters) => ({ type: 'conv2d', filters, kernel: 4, stride: 2, padding: 1, activation: relu });
    const vae = build({ type: 'variational', beta: 1, warmup: 0 }, [20, 20, 1], [conv(8), conv(16), { type: 'flatten' }, dense(64, relu), dense(2, { type: 'linear' })]);
    const step = core.reconstructionStep(vae, layers.bcePlugin.create({ reduction: 'sum' }), vae.penalties);
    const optimizer = optimizers.adamPlugin.create({ rate: 3e-3, precision: adamPrecision });
    const updater = optimizers.miniBatchPlugin.create({ batchSize: 8 });
    const training = rng.fork('training');
    return { items: data.inputs.rows, train: (epochs) => core.fit(step, data, { optimizer, updater, epochs, rng: training }) };
  }
  if (name === 'W4' || name === 'W4s') {
    const data = syntheticImages(core, rng.fork('data'), 1024, 784);
    const relu = { type: 'relu' };
    const ae = build({ type: 'conventional' }, [784], [dense(512, relu), dense(256, relu), dense(2, { type: 'linear' })]);
    const step = core.reconstructionStep(ae, layers.bcePlugin.create({}), ae.penalties);
    const optimizer = optimizers.adamPlugin.create({ rate: 1e-3, precision: adamPrecision });
    const updater = optimizers.miniBatchPlugin.create({ batchSize: name === 'W4' ? 128 : 32 });
    const training = rng.fork('training');
    return { items: 1024, train: (epochs) => core.fit(step, data, { optimizer, updater, epochs, rng: training }) };
  }
  if (name === 'W5') {
    const faces = problems.emojiDataset({}).inputs;
    const noise = rng.fork('data');
    const m = new core.Matrix(1024, faces.cols);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const v = faces.data[(i % faces.rows) * faces.cols + j];
        m.data[i * m.cols + j] = noise.uniform() < 0.05 ? 1 - v : v; // each copy a little different
      }
    }
    const data = { inputs: m, targets: m };
    const vae = build({ type: 'variational', beta: 1, warmup: 0 }, [400], [dense(260, tanh), dense(128, tanh), dense(64, tanh), dense(2, { type: 'linear' })]);
    const step = core.reconstructionStep(vae, layers.bcePlugin.create({ reduction: 'sum' }), vae.penalties);
    const optimizer = optimizers.adamPlugin.create({ rate: 1e-3, precision: adamPrecision });
    const updater = optimizers.miniBatchPlugin.create({ batchSize: 64 });
    const training = rng.fork('training');
    return { items: 1024, train: (epochs) => core.fit(step, data, { optimizer, updater, epochs, rng: training }) };
  }
  throw new Error(`unknown workload ${name} (one of ${Object.keys(WORKLOADS).join(', ')})`);
}
