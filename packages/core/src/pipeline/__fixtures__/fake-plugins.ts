// Tiny fake plugins for the engine's tests: just enough behaviour to observe what the engine does
// (which options arrived, which stream was drawn from, which files were written, what was cached).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container } from 'inversify';
import { Matrix } from '../../tensor/matrix.js';
import { StageFailure } from '../../errors.js';
import { pluginModule } from '../../plugin/plugin-module.js';
import { buildRegistry, type PluginRegistry } from '../../plugin/registry.js';
import { slot } from '../../plugin/slot.js';
import { defineComponent, defineStage } from '../../plugin/define.js';
import type { ComponentPlugin, Plugin, StagePlugin } from '../../plugin/types.js';
import type { Model } from '../../model/model.js';
import type { DatasetArtifact, ModelArtifact } from '../artifacts.js';

/** How often each stage plugin actually ran (cache hits do not count). */
export const runs: Record<string, number> = {};
const count = (k: string): void => {
  runs[k] = (runs[k] ?? 0) + 1;
};
export function resetRuns(): void {
  for (const k of Object.keys(runs)) delete runs[k];
}

const optimizer = (name: string, extra: Record<string, unknown> = {}): ComponentPlugin<'optimizer'> =>
  defineComponent<'optimizer', { rate: number }>({
    kind: 'optimizer',
    name,
    version: '1.0.0',
    description: `fake ${name}`,
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: { rate: { type: 'number', exclusiveMinimum: 0, default: 0.01, description: 'step size' }, ...extra },
    },
    create: (config: { rate: number }) => ({ name, rate: config.rate }) as never,
  });

export const adam = optimizer('adam', { beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9 } });
export const gd = optimizer('gd');
export const momentum = optimizer('momentum', { alpha: { type: 'number', minimum: 0, maximum: 1, default: 0.9 } });

export const tanh: ComponentPlugin<'activation'> = defineComponent<'activation', { beta: number }>({
  kind: 'activation',
  name: 'tanh',
  version: '1.0.0',
  description: 'fake tanh',
  schema: { type: 'object', additionalProperties: false, properties: { beta: { type: 'number', exclusiveMinimum: 0, default: 1 } } },
  create: (config: { beta: number }) => ({ name: 'tanh', beta: config.beta }) as never,
});

export const gaussian: ComponentPlugin<'noise'> = defineComponent<'noise', { sigma: number }>({
  kind: 'noise',
  name: 'gaussian',
  version: '1.0.0',
  description: 'fake gaussian noise',
  schema: { type: 'object', additionalProperties: false, properties: { sigma: { type: 'number', exclusiveMinimum: 0, default: 0.1 } } },
  create: (config: { sigma: number }) => (clean, out, rng) => {
    for (let i = 0; i < clean.data.length; i++) out.data[i] = clean.data[i] + config.sigma * rng.normal();
  },
});

/** dataset/letters: `count` rows of 3 uniform draws from the stage's stream. */
export const letters: StagePlugin<{ count: number }> = defineStage<{ count: number }>({
  kind: 'dataset',
  name: 'letters',
  version: '1.0.0',
  description: 'fake dataset',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      count: { type: 'integer', minimum: 1, default: 4, description: 'how many items' },
      subset: { oneOf: [{ type: 'integer', minimum: 1 }, { type: 'array', items: { type: 'string' } }] },
    },
  },
  inputs: {},
  output: 'dataset',
  run(config, _inputs, ctx) {
    count('letters');
    const m = new Matrix(config.count, 3);
    for (let i = 0; i < m.data.length; i++) m.data[i] = ctx.rng.uniform();
    const artifact: DatasetArtifact = { type: 'dataset', inputs: m, targets: m, labels: Array.from({ length: config.count }, (_, i) => String.fromCharCode(97 + i)) };
    return { artifact, metrics: { first: m.data[0] } };
  },
});

interface TrainConfig {
  epochs: number;
  units: number;
  optimizer: { type: string; rate: number };
  hidden: { type: string };
  divergeAt?: number;
}

/** A model artifact whose model only describes itself: the engine never looks further. */
function fakeModel(draws: number[], origin = 'trained'): ModelArtifact {
  const model = { describe: () => ({ draws, origin }) } as unknown as Model;
  return { type: 'model', model, history: { loss: draws } };
}

/** train/fake: draws one number per epoch, builds its optimizer through ctx.create, writes a figure. */
export const fakeTrainer: StagePlugin<TrainConfig> = defineStage<TrainConfig>({
  kind: 'train',
  name: 'fake',
  version: '1.0.0',
  description: 'fake trainer',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['epochs'],
    properties: {
      epochs: { type: 'integer', exclusiveMinimum: 0, description: 'passes over the data' },
      units: { type: 'integer', exclusiveMinimum: 0, default: 2 },
      optimizer: slot('optimizer', { type: 'adam' }, 'how weights move'),
      hidden: slot('activation', { type: 'tanh' }),
      divergeAt: { type: 'integer', minimum: 1 },
    },
  },
  inputs: { data: { accepts: ['dataset'] } },
  output: 'model',
  codec: {
    save(artifact, dir) {
      writeFileSync(join(dir, 'draws.json'), JSON.stringify((artifact as ModelArtifact).history.loss));
    },
    load(dir, ctx) {
      // A real codec rebuilds components (activations...) from saved configs through ctx.
      const opt = ctx.create('optimizer', { type: 'gd' }) as unknown as { name: string };
      return fakeModel(JSON.parse(readFileSync(join(dir, 'draws.json'), 'utf8')) as number[], `cache+${opt.name}`);
    },
  },
  run(config, inputs, ctx) {
    count('fake');
    const data = inputs.data as DatasetArtifact;
    const opt = ctx.create('optimizer', config.optimizer) as unknown as { name: string; rate: number };
    const draws: number[] = [];
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      if (config.divergeAt === epoch) throw new StageFailure('run/diverged', `loss became NaN at epoch ${epoch}`, { epoch });
      draws.push(ctx.rng.uniform());
      ctx.progress({ epoch, epochs: config.epochs, loss: 1 / epoch });
    }
    ctx.log(`trained on ${data.labels.length} items with ${opt.name} for pipeline ${String(ctx.pipeline?.name)}`);
    const file = ctx.writeFile('figures/loss.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    return { artifact: fakeModel(draws), metrics: { epochs: config.epochs, optimizer: opt.name, rate: opt.rate, draws }, files: [file] };
  },
});

/** evaluate/score: needs a model and a dataset. */
export const score: StagePlugin<{ threshold: number }> = defineStage<{ threshold: number }>({
  kind: 'evaluate',
  name: 'score',
  version: '1.0.0',
  description: 'fake evaluator',
  schema: { type: 'object', additionalProperties: false, properties: { threshold: { type: 'number', default: 0.5 } } },
  inputs: { model: { accepts: ['model'] }, data: { accepts: ['dataset'] } },
  output: 'report',
  run(config, inputs) {
    count('score');
    const m = inputs.model as ModelArtifact;
    const origin = (m.model.describe() as unknown as { origin: string }).origin;
    return { artifact: { type: 'report', metrics: { threshold: config.threshold, draws: m.history.loss!.length, origin } } };
  },
});

/** sample/grid: writes a PNG-named file. */
export const grid: StagePlugin<{ partitions: number }> = defineStage<{ partitions: number }>({
  kind: 'sample',
  name: 'grid',
  version: '1.0.0',
  description: 'fake sampler',
  schema: { type: 'object', additionalProperties: false, properties: { partitions: { type: 'integer', minimum: 1, default: 4 } } },
  inputs: { model: { accepts: ['model'] } },
  output: 'report',
  run(config, _inputs, ctx) {
    count('grid');
    const file = ctx.writeFile('grid.png', new Uint8Array([137, 80, 78, 71]));
    return { artifact: { type: 'report', metrics: { partitions: config.partitions } }, files: [file] };
  },
});

/** evaluate/explode: any exception, not a StageFailure. */
export const explode: StagePlugin = defineStage({
  kind: 'evaluate',
  name: 'explode',
  version: '1.0.0',
  description: 'always throws',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { data: { accepts: ['dataset'] } },
  output: 'report',
  run() {
    throw new TypeError('cannot read the moon');
  },
});

export const fakePlugins: readonly Plugin[] = [adam, gd, momentum, tanh, gaussian, letters, fakeTrainer, score, grid, explode];

/** A registry built the way the CLI builds it: container + pluginModule + buildRegistry. */
export function fakeRegistry(extra: readonly Plugin[] = []): PluginRegistry {
  const container = new Container();
  container.load(pluginModule(fakePlugins), pluginModule(extra));
  const r = buildRegistry(container);
  if (r.isErr()) throw new Error(r.error.map((e) => e.message).join('\n'));
  return r.value;
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'sia-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `text` as `name` in a fresh temp folder and returns the file's path. */
export function writeFixture(text: string, name = 'pipeline.yaml'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** The pipeline most tests start from. */
export const BASIC = `name: basic
seed: 7
stages:
  glyphs:
    uses: dataset/letters
    with: { count: 3 }
  model:
    uses: train/fake
    inputs: { data: glyphs }
    with:
      epochs: 5
      optimizer: { type: momentum, rate: 0.5 }
  fidelity:
    uses: evaluate/score
    inputs: { model: model, data: glyphs }
  grid:
    uses: sample/grid
    inputs: { model: model }
`;

/** 1-based line and column of the `nth` occurrence (0-based) of `needle` in `text`. */
export function posOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture has no ${JSON.stringify(needle)} #${nth}`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
