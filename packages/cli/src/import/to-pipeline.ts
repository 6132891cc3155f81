/**
 * Turns the earlier tool's configuration (as read by read-config.ts) into the text of an
 * equivalent sia pipeline. The text is written by hand, in the style of the shipped pipelines
 * (flow maps for small option sets); every value in it is a number or a fixed word, and the
 * name is reduced to the letters sia accepts, so nothing needs quoting.
 */
import { basename, extname } from 'node:path';
import type { ActivationType, ImportedConfig, ImportedLayer } from './read-config.js';

/** The pipeline name for `file`: its base name without extension, as lowercase words joined by dashes. */
export function pipelineName(file: string): string {
  const base = basename(file, extname(file));
  const slug = base
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'imported';
}

/** A number as YAML reads it back (finite numbers only reach here). */
const num = (n: number): string => String(n);

const ACTIVATION_NAMES: Record<ActivationType, string> = { LINEAR: 'linear', LOGISTIC: 'logistic', TANH: 'tanh', RELU: 'relu' };

/** `{ type: tanh, beta: 1 }`: beta only where sia's activation has one (tanh, logistic), 1 when not given. */
export function activation(a: ImportedLayer['activation']): string {
  const type = ACTIVATION_NAMES[a.type];
  return a.type === 'TANH' || a.type === 'LOGISTIC' ? `{ type: ${type}, beta: ${num(a.beta ?? 1)} }` : `{ type: ${type} }`;
}

/** `{ type: adam, rate: ..., beta1: ..., beta2: ... }`: only the options the type uses, only those given. */
export function optimizer(o: NonNullable<ImportedConfig['optimizer']>): string {
  const pick = (type: string, keys: readonly ('rate' | 'alpha' | 'beta1' | 'beta2')[]): string => {
    const parts = [`type: ${type}`, ...keys.filter((k) => o[k] !== undefined).map((k) => `${k}: ${num(o[k] as number)}`)];
    return `{ ${parts.join(', ')} }`;
  };
  switch (o.type) {
    case 'GRADIENT_DESCENT':
      return pick('gd', ['rate']);
    case 'MOMENTUM':
      return pick('momentum', ['rate', 'alpha']);
    case 'ADAM':
      return pick('adam', ['rate', 'beta1', 'beta2']);
  }
}

/** `{ type: online }`, `{ type: batch }` or `{ type: mini-batch, batchSize: n }`. */
export function updater(u: NonNullable<ImportedConfig['updater']>): string {
  switch (u.type) {
    case 'ONLINE':
      return '{ type: online }';
    case 'BATCH':
      return '{ type: batch }';
    case 'MINI-BATCH':
      return u.batchSize !== undefined ? `{ type: mini-batch, batchSize: ${num(u.batchSize)} }` : '{ type: mini-batch }';
  }
}

export interface PipelineOptions {
  /** The configuration file as the user named it (for the header comment and the name). */
  readonly file: string;
  /** Pipeline name (default: from the file's base name). */
  readonly name?: string;
}

/** The pipeline YAML text for `config`. */
export function toPipeline(config: ImportedConfig, options: PipelineOptions): string {
  const variational = config.problem === 'VARIATIONAL';
  const lines: string[] = [];
  const add = (...more: string[]): void => {
    lines.push(...more);
  };
  const header = options.file.replace(/[\r\n]+/g, ' ');
  add(`# imported from ${header} by sia import`);
  add(`name: ${options.name ?? pipelineName(options.file)}`);
  if (config.seed !== undefined) add(`seed: ${num(config.seed)}`);
  add('stages:');

  // Data: the 5x7 font for the conventional and denoising problems, the emoji faces for the VAE.
  add('  data:', `    uses: ${variational ? 'dataset/emoji' : 'dataset/font'}`);

  let trainOn = 'data';
  if (config.problem === 'DENOISING' && config.noise) {
    trainOn = 'noisy';
    const gaussian = config.noise.type === 'GAUSSIAN';
    const value = gaussian ? config.noise.level : config.noise.threshold;
    add('  noisy:', `    uses: ${gaussian ? 'noise/gaussian' : 'noise/salt-and-pepper'}`, '    inputs: { data: data }');
    if (value !== undefined) add(`    with: { ${gaussian ? 'std' : 'p'}: ${num(value)} }`);
  }

  add('  model:', '    uses: train/autoencoder', `    inputs: { data: ${trainOn} }`, '    with:');
  const problem =
    config.problem === 'VARIATIONAL' ? '{ type: variational, beta: 1, warmup: 0 }' : config.problem === 'DENOISING' ? '{ type: denoising }' : '{ type: conventional }';
  add(`      problem: ${problem}`);
  add('      encoder:', '        - { type: flatten }');
  for (const layer of config.encoder) add(`        - { type: dense, units: ${num(layer.neuronQty)}, activation: ${activation(layer.activation)} }`);
  add('      decoder: mirror');
  add('      output: { type: logistic, beta: 1 }');
  add(`      loss: ${variational ? '{ type: bce, reduction: sum }' : '{ type: mse }'}`);
  if (config.optimizer) add(`      optimizer: ${optimizer(config.optimizer)}`);
  if (config.updater) add(`      updater: ${updater(config.updater)}`);
  add('      initializer: { type: uniform, min: -1, max: 1 }');
  if (config.maxEpochs !== undefined) add(`      epochs: ${num(config.maxEpochs)}`);
  if (config.epsilon !== undefined) add(`      stopLoss: ${num(config.epsilon)}`);
  add('      keepBest: false              # the earlier tool ended on the last weights');

  if (variational) {
    add('  fidelity:', '    uses: evaluate/reconstruction', '    inputs: { model: model, data: data }');
    add('  plane:', '    uses: sample/latent-scatter', '    inputs: { model: model, data: data }');
    add('  grid:', '    uses: sample/latent-grid', '    inputs: { model: model }', '    with: { partitions: 10, x: [-3, 3], y: [-3, 3] }');
  } else {
    add('  fidelity:', '    uses: evaluate/pixel-error', '    inputs: { model: model, data: data }', '    with: { within: 1 }');
    // The denoiser swept over gaussian and salt-and-pepper levels against the clean glyphs (the
    // noise-sweep's default levels, as in dae-letters.yaml, without its plain-model comparison).
    if (config.problem === 'DENOISING') add('  sweep:', '    uses: evaluate/noise-sweep', '    inputs: { model: model, data: data }', '    with: { within: 1 }');
    add('  plane:', '    uses: sample/latent-scatter', '    inputs: { model: model, data: data }');
  }
  add('  loss:', '    uses: sample/loss-curve', '    inputs: { model: model }');
  return `${lines.join('\n')}\n`;
}
