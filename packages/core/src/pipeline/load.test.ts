import { describe, expect, it } from 'vitest';
import type { SiaError } from '../errors.js';
import { BASIC, fakeRegistry, posOf, writeFixture } from './__fixtures__/fake-plugins.js';
import { loadPipeline, validatePipelineFile, type LoadOptions } from './load.js';
import { readPipelineFile } from './source.js';

const registry = fakeRegistry();

/** Writes `text` to a temp file and loads it; returns the file name too (errors name it). */
function load(text: string, options: LoadOptions = {}) {
  const file = writeFixture(text);
  return { file, result: readPipelineFile(file).andThen((s) => loadPipeline(s, registry, options)) };
}

function errorsOf(text: string, options: LoadOptions = {}): { file: string; errors: SiaError[] } {
  const { file, result } = load(text, options);
  if (result.isOk()) throw new Error('expected the pipeline to be rejected');
  return { file, errors: result.error };
}

describe('loadPipeline: bad input, one case each', () => {
  it('an unknown top-level key points at the key and suggests the closest', () => {
    const text = BASIC.replace('seed: 7', 'seed: 7\nsed: 3');
    const { file, errors } = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'schema/unknown-key', file, ...posOf(text, 'sed:'), path: 'sed' });
    expect(errors[0].hint).toContain('did you mean seed?');
  });

  it('an unknown uses names the known plugins of that kind and the closest', () => {
    const text = BASIC.replace('train/fake', 'train/fak');
    const { errors } = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'schema/unknown-plugin', ...posOf(text, 'train/fak'), path: 'stages.model.uses' });
    expect(errors[0].hint).toBe('known train plugins: train/fake; did you mean train/fake?');
  });

  it('an unknown kind in uses lists the kinds and suggests the closest kind/name', () => {
    const text = BASIC.replace('train/fake', 'trian/fake');
    const [e] = errorsOf(text).errors;
    expect(e).toMatchObject({ code: 'schema/unknown-plugin', ...posOf(text, 'trian/fake'), path: 'stages.model.uses' });
    expect(e.hint).toContain('dataset, train, evaluate, sample, noise');
    expect(e.hint).toContain('did you mean train/fake?');
  });

  it('an unknown nested type names the known plugins of the slot and suggests the closest', () => {
    const text = BASIC.replace('type: momentum', 'type: momentun');
    const { errors } = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'schema/unknown-plugin',
      message: 'unknown optimizer "momentun"',
      ...posOf(text, 'momentun'),
      path: 'stages.model.with.optimizer.type',
      hint: 'known optimizers: adam, gd, momentum; did you mean momentum?',
    });
  });

  it('a known nested type is checked against its own schema (unknown key inside the slot)', () => {
    const text = BASIC.replace('rate: 0.5', 'rate: 0.5, alfa: 0.3');
    const [e] = errorsOf(text).errors;
    expect(e).toMatchObject({ code: 'schema/unknown-key', ...posOf(text, 'alfa'), path: 'stages.model.with.optimizer.alfa' });
    expect(e.hint).toContain('did you mean alpha?');
  });

  it('a wrong option type says what was expected and what was found', () => {
    const text = BASIC.replace('epochs: 5', 'epochs: five');
    const [e] = errorsOf(text).errors;
    expect(e).toMatchObject({ code: 'schema/invalid', ...posOf(text, 'five'), path: 'stages.model.with.epochs', message: 'must be an integer, got "five"' });
  });

  it('a missing required option points at the map that lacks it', () => {
    const text = BASIC.replace('epochs: 5', 'units: 3');
    const [e] = errorsOf(text).errors;
    expect(e).toMatchObject({ code: 'schema/invalid', message: 'missing required option "epochs"', ...posOf(text, 'with:', 1), path: 'stages.model.with.epochs' });
  });

  it('zero and negative numbers read "must be > 0", both reported at once', () => {
    const text = BASIC.replace('epochs: 5', 'epochs: 0').replace('rate: 0.5', 'rate: -1');
    const { errors } = errorsOf(text);
    expect(errors.map((e) => [e.code, e.path, e.message, e.line, e.column])).toEqual([
      ['schema/invalid', 'stages.model.with.epochs', 'must be > 0, got 0', posOf(text, 'epochs: 0').line, posOf(text, '0\n').column],
      ['schema/invalid', 'stages.model.with.optimizer.rate', 'must be > 0, got -1', posOf(text, '-1').line, posOf(text, '-1').column],
    ]);
  });

  it('a reference to an unknown stage names the known stages and the closest', () => {
    const text = BASIC.replace('inputs: { model: model }', 'inputs: { model: modle }');
    const [e] = errorsOf(text).errors;
    expect(e).toMatchObject({ code: 'graph/unknown-input', ...posOf(text, 'modle'), path: 'stages.grid.inputs.model' });
    expect(e.hint).toBe('known stages: glyphs, model, fidelity; did you mean model?');
  });

  it('a cycle names every stage in it, in data-flow order', () => {
    const text = `name: loop
stages:
  a: { uses: dataset/letters }
  b: { uses: train/fake, inputs: { data: d }, with: { epochs: 1 } }
  c: { uses: noise/gaussian, inputs: { data: a } }
  d: { uses: noise/gaussian, inputs: { data: e } }
  e: { uses: noise/gaussian, inputs: { data: d } }
`;
    const { errors } = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'graph/cycle', message: 'stages form a cycle: d -> e -> d', path: 'stages.e.inputs.data' });
    expect(errors[0]).toMatchObject(posOf(text, 'd }', 1));
  });

  it('a longer cycle is named in order from the stage written first', () => {
    const text = `name: loop
stages:
  x: { uses: noise/gaussian, inputs: { data: z } }
  y: { uses: noise/gaussian, inputs: { data: x } }
  z: { uses: noise/gaussian, inputs: { data: y } }
`;
    const [e] = errorsOf(text).errors;
    expect(e).toMatchObject({ code: 'graph/cycle', message: 'stages form a cycle: x -> y -> z -> x', path: 'stages.y.inputs.data' });
  });

  it('the wrong kind of artifact says what the port expects and what it got', () => {
    const text = BASIC.replace('inputs: { model: model, data: glyphs }', 'inputs: { model: glyphs, data: glyphs }');
    const [e] = errorsOf(text).errors;
    expect(e).toMatchObject({
      code: 'graph/type-mismatch',
      message: 'stage fidelity input model expects model, but glyphs gives dataset',
      ...posOf(text, 'glyphs', 2),
      path: 'stages.fidelity.inputs.model',
    });
  });

  it('an unknown input port and a missing required one are both reported', () => {
    const text = BASIC.replace('inputs: { model: model }', 'inputs: { modl: model }');
    const { errors } = errorsOf(text);
    expect(errors.map((e) => e.code)).toEqual(['graph/missing-input', 'graph/unknown-port']);
    expect(errors[1]).toMatchObject({ ...posOf(text, 'modl'), path: 'stages.grid.inputs.modl', hint: 'its inputs are: model; did you mean model?' });
    expect(errors[0]).toMatchObject({ ...posOf(text, 'inputs: { modl'), path: 'stages.grid.inputs.model' });
  });

  it('a slot given as a bare name says to write a map', () => {
    const text = BASIC.replace('optimizer: { type: momentum, rate: 0.5 }', 'optimizer: adam');
    const [e] = errorsOf(text).errors;
    expect(e).toMatchObject({ code: 'schema/invalid', ...posOf(text, 'adam'), path: 'stages.model.with.optimizer' });
    expect(e.message).toContain('{ type: adam }');
  });

  it('independent mistakes are all reported together, in file order', () => {
    const text = BASIC.replace('seed: 7', 'seed: 7\nextra: 1').replace('epochs: 5', 'epochs: -5').replace('inputs: { model: model }', 'inputs: { model: nowhere }');
    const { errors } = errorsOf(text);
    expect(errors.map((e) => e.code)).toEqual(['schema/unknown-key', 'schema/invalid', 'graph/unknown-input']);
    const lines = errors.map((e) => e.line!);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('an empty file is one error at 1:1', () => {
    const [e] = errorsOf('').errors;
    expect(e).toMatchObject({ code: 'schema/invalid', line: 1, column: 1 });
  });
});

describe('loadPipeline: defaults and overrides', () => {
  it('fills defaults at every level, including inside slots and for an omitted with', () => {
    const { result } = load(BASIC);
    const plan = result._unsafeUnwrap();
    const model = plan.stages.find((s) => s.id === 'model')!;
    expect(model.options).toEqual({
      epochs: 5,
      units: 2,
      optimizer: { type: 'momentum', rate: 0.5, alpha: 0.9 },
      hidden: { type: 'tanh', beta: 1 },
    });
    expect(plan.stages.find((s) => s.id === 'grid')!.options).toEqual({ partitions: 4 });
    expect(plan.seed).toBe(7);
    expect(plan.stages.map((s) => s.id)).toEqual(['glyphs', 'model', 'fidelity', 'grid']);
  });

  it('a slot default is a whole component with its own defaults', () => {
    const { result } = load(BASIC.replace('      optimizer: { type: momentum, rate: 0.5 }\n', ''));
    expect(result._unsafeUnwrap().stages[1].options.optimizer).toEqual({ type: 'adam', rate: 0.01, beta1: 0.9 });
  });

  it('seed defaults to 1', () => {
    expect(load(BASIC.replace('seed: 7\n', '')).result._unsafeUnwrap().seed).toBe(1);
  });

  it('applies --set values (numbers, maps, lists) and the seed option before validation', () => {
    const { result } = load(BASIC, {
      overrides: ['stages.model.with.epochs=50', 'stages.model.with.optimizer={type: gd}', 'stages.glyphs.with.subset=[a, b]'],
      seed: 3,
    });
    const plan = result._unsafeUnwrap();
    expect(plan.seed).toBe(3);
    expect(plan.document.seed).toBe(3);
    expect(plan.stages[1].options).toMatchObject({ epochs: 50, optimizer: { type: 'gd', rate: 0.01 } });
    expect(plan.stages[0].options).toEqual({ count: 3, subset: ['a', 'b'] });
    expect(plan.overrides).toHaveLength(3);
  });

  it('a value from --set is validated like the file, and its error names the --set instead of a line', () => {
    const { file, errors } = errorsOf(BASIC, { overrides: ['stages.model.with.epochs=0', 'stages.model.with.optimizer.type=adma'] });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ code: 'schema/invalid', file, set: '--set stages.model.with.epochs=0', path: 'stages.model.with.epochs', message: 'must be > 0, got 0' });
    expect(errors[0].line).toBeUndefined();
    expect(errors[1]).toMatchObject({ code: 'schema/unknown-plugin', set: '--set stages.model.with.optimizer.type=adma' });
    expect(errors[1].hint).toContain('did you mean adam?');
  });

  it('a new stage reference from --set is graph-checked', () => {
    const { errors } = errorsOf(BASIC, { overrides: ['stages.grid.inputs.model=fidelity'] });
    expect(errors[0]).toMatchObject({ code: 'graph/type-mismatch', set: '--set stages.grid.inputs.model=fidelity' });
  });

  it('malformed --set: no "=", an empty path, a path through a scalar', () => {
    const { errors } = errorsOf(BASIC, { overrides: ['stages.model.with.epochs', '=3', 'name.first=x', 'a..b=1'] });
    expect(errors.map((e) => [e.code, e.set])).toEqual([
      ['cli/bad-set', '--set stages.model.with.epochs'],
      ['cli/bad-set', '--set =3'],
      ['cli/bad-set', '--set name.first=x'],
      ['cli/bad-set', '--set a..b=1'],
    ]);
    expect(errors[0].message).toContain('expected path=value');
  });

  it('an out-of-range --seed is reported as coming from --seed', () => {
    const [e] = errorsOf(BASIC, { seed: -1 }).errors;
    expect(e).toMatchObject({ code: 'schema/invalid', set: '--seed -1', path: 'seed' });
  });

  it('does not change the parsed source: it can be loaded again with other overrides', () => {
    const file = writeFixture(BASIC);
    const source = readPipelineFile(file)._unsafeUnwrap();
    loadPipeline(source, registry, { overrides: ['stages.model.with.epochs=9'] })._unsafeUnwrap();
    expect(loadPipeline(source, registry)._unsafeUnwrap().stages[1].options.epochs).toBe(5);
  });

  it('orders stages by their inputs, keeping file order among independent ones', () => {
    const text = `name: order
stages:
  report: { uses: evaluate/score, inputs: { model: model, data: data } }
  grid: { uses: sample/grid, inputs: { model: model } }
  model: { uses: train/fake, inputs: { data: data }, with: { epochs: 1 } }
  data: { uses: dataset/letters }
`;
    expect(load(text).result._unsafeUnwrap().stages.map((s) => s.id)).toEqual(['data', 'model', 'report', 'grid']);
  });

  it('--set paths may index lists with [n] or .n', () => {
    const text = BASIC.replace('count: 3', 'count: 3, subset: [a, b, c]');
    const plan = load(text, { overrides: ['stages.glyphs.with.subset[1]=x', 'stages.glyphs.with.subset.2=y'] }).result._unsafeUnwrap();
    expect(plan.stages[0].options.subset).toEqual(['a', 'x', 'y']);
  });

  it('validatePipelineFile reads and loads in one call', () => {
    const file = writeFixture(BASIC);
    expect(validatePipelineFile(file, registry)._unsafeUnwrap().name).toBe('basic');
    expect(validatePipelineFile(`${file}.missing`, registry)._unsafeUnwrapErr()[0].code).toBe('io/not-found');
  });

  it('a noise stage hands on its dataset and accepts only a dataset', () => {
    const text = BASIC.replace('  fidelity:', '  noisy:\n    uses: noise/gaussian\n    inputs: { data: glyphs }\n  fidelity:').replace('{ data: glyphs }\n    with:\n      epochs', '{ data: noisy }\n    with:\n      epochs');
    const plan = load(text).result._unsafeUnwrap();
    expect(plan.stages.map((s) => s.id)).toEqual(['glyphs', 'noisy', 'model', 'fidelity', 'grid']);
    expect(plan.stages[1]).toMatchObject({ uses: 'noise/gaussian', output: 'dataset', options: { sigma: 0.1 } });
  });
});
