import { describe, expect, it } from 'vitest';
import { fakeRegistry } from '../pipeline/__fixtures__/fake-plugins.js';
import { describePlugins } from './describe.js';
import { formatPluginList } from './format-list.js';
import { closest, editDistance } from './suggest.js';

describe('describePlugins', () => {
  const descriptions = describePlugins(fakeRegistry());

  it('lists every plugin by kind then name, with options from the schema', () => {
    expect(descriptions.map((d) => `${d.kind}/${d.name}`)).toEqual([
      'dataset/letters',
      'train/fake',
      'evaluate/explode',
      'evaluate/score',
      'sample/grid',
      'activation/tanh',
      'optimizer/adam',
      'optimizer/gd',
      'optimizer/momentum',
      'noise/gaussian',
    ]);
    const fake = descriptions.find((d) => d.name === 'fake')!;
    expect(fake.options).toEqual([
      { name: 'epochs', type: 'integer', required: true, description: 'passes over the data', constraints: '> 0' },
      { name: 'units', type: 'integer', required: false, default: 2, constraints: '> 0' },
      { name: 'optimizer', type: 'optimizer', required: false, default: { type: 'adam' }, description: 'how weights move', constraints: 'type one of: adam, gd, momentum' },
      { name: 'hidden', type: 'activation', required: false, default: { type: 'tanh' }, constraints: 'type one of: tanh' },
      { name: 'divergeAt', type: 'integer', required: false, constraints: '>= 1' },
    ]);
    expect(fake.inputs).toEqual([{ name: 'data', accepts: ['dataset'], optional: false }]);
    expect(fake.output).toBe('model');
  });

  it('describes alternatives and a noise component usable as a stage', () => {
    const subset = descriptions.find((d) => d.name === 'letters')!.options.find((o) => o.name === 'subset')!;
    expect(subset.type).toBe('integer | array of string');
    expect(descriptions.find((d) => d.name === 'gaussian')).toMatchObject({ output: 'dataset', inputs: [{ name: 'data', accepts: ['dataset'] }] });
  });

  it('formats a human list grouped by kind', () => {
    const text = formatPluginList(descriptions);
    expect(text).toContain('optimizer\n  adam 1.0.0 - fake adam\n    rate   number  default 0.01  > 0');
    expect(text).toContain('train\n  fake 1.0.0 - fake trainer\n    inputs data: dataset -> model\n    epochs     integer     required');
    expect(text.indexOf('\ndataset\n') < 0 && text.startsWith('dataset\n')).toBe(true);
  });
});

describe('suggestions', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('adma', 'adam')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only plausible typos', () => {
    expect(closest('momentun', ['adam', 'gd', 'momentum'])).toBe('momentum');
    expect(closest('zzzzzzzz', ['adam', 'gd', 'momentum'])).toBeUndefined();
  });
});
