import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sia } from './sia.js';

/**
 * `sia gradcheck <kind>/<name>`: every built-in activation, loss and layer passes; a plugin with
 * a planted wrong derivative fails with exit 1 and its correct twin passes; bad input is one line
 * on stderr and exit 2. The command runs from the fixture pipelines folder (see `sia()`).
 */
const BAD_SWISH = '../plugins/bad-swish.mjs';

interface Described {
  kind: string;
  name: string;
}

/** What a built-in layer needs to be checked: required options, an input it takes. */
const LAYER_CASES: Record<string, readonly string[]> = {
  dense: ['--with', '{units: 4, activation: {type: tanh}}'],
  conv2d: ['--with', '{filters: 2, kernel: 3, stride: 2, padding: 1, activation: {type: tanh}}', '--input', '7,7,2'],
  'conv2d-transpose': ['--with', '{filters: 2, kernel: 3, stride: 2, outputPadding: 1, activation: {type: logistic}}', '--input', '3,3,2'],
  reshape: ['--with', '{shape: [2, 3, 1]}'],
  flatten: ['--input', '3,2,1'],
  // Training mode draws a mask on every forward; gradcheck replays the layer's noise stream so
  // that both forwards of each difference use the same mask (and so checks dx = mask ∘ dy).
  dropout: ['--with', '{rate: 0.3}'],
  'batch-norm': ['--input', '2,2,3', '--batch', '4'],
};

async function builtIns(): Promise<Described[]> {
  const r = await sia(['plugins', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Described[]).filter((d) => ['activation', 'loss', 'layer'].includes(d.kind));
}

/** The lines of a passing report end with PASS; every tensor line is well under the tolerance. */
function expectPass(r: { code: number | null; stdout: string; stderr: string }, what: string): void {
  expect(r.code, `${what}\n${r.stdout}${r.stderr}`).toBe(0);
  expect(r.stderr).toBe('');
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^gradcheck ${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\S+ \\{`));
  expect(lines.at(-1)).toMatch(/^PASS {2}largest relative error \S+ <= tolerance 1e-5$/);
  expect(lines.slice(2, -1).every((l) => / entries {2}max relative error \S+$/.test(l))).toBe(true);
}

describe('sia gradcheck on the built-in plugins', () => {
  it('passes every built-in activation, loss and layer', async () => {
    const plugins = await builtIns();
    const names = (kind: string) => plugins.filter((p) => p.kind === kind).map((p) => p.name);
    expect(names('activation')).toEqual(expect.arrayContaining(['linear', 'logistic', 'relu', 'tanh']));
    expect(names('loss')).toEqual(expect.arrayContaining(['mse', 'bce']));
    // A new built-in layer needs a case here (its required options, an input it takes).
    expect(names('layer').filter((n) => LAYER_CASES[n] === undefined)).toEqual([]);
    const runs = plugins.map(async (p) => {
      const what = `${p.kind}/${p.name}`;
      const r = await sia(['gradcheck', what, ...(p.kind === 'layer' ? LAYER_CASES[p.name]! : [])]);
      expectPass(r, what);
      return [what, r.stdout] as const;
    });
    const reports = Object.fromEntries(await Promise.all(runs));
    // A layer report names each parameter and the input.
    expect(reports['layer/dense']).toContain('input 6 -> 4, batch 3, training, seed 1\n');
    expect(reports['layer/dense']).toMatch(/^ {2}layer\.weight {2}24 entries {2}max relative error /m);
    expect(reports['layer/dense']).toMatch(/^ {2}layer\.bias {5}4 entries {2}max relative error /m);
    expect(reports['layer/dense']).toMatch(/^ {2}input {9}18 entries {2}max relative error /m);
    expect(reports['layer/conv2d']).toContain('input 7x7x2 -> 4x4x2, batch 3, training, seed 1\n');
    expect(reports['activation/tanh']).toMatch(/^gradcheck activation\/tanh 0\.1\.0 \{beta: 1\}\nz 3x6, seed 1\n {2}z {2}18 entries {2}max relative error /);
  });

  it('fills options with the defaults a pipeline would get, and checks the evaluation behaviour with --eval', async () => {
    const dense = await sia(['gradcheck', 'layer/dense', '--with', 'units: 3', '--seed', '7', '--batch', '2']);
    expectPass(dense, 'layer/dense');
    expect(dense.stdout).toContain('gradcheck layer/dense 0.1.0 {units: 3, activation: {type: linear}, bias: zeros}\ninput 6 -> 3, batch 2, training, seed 7\n');
    const bn = await sia(['gradcheck', 'layer/batch-norm', '--eval']);
    expectPass(bn, 'layer/batch-norm');
    expect(bn.stdout).toContain('input 6 -> 6, batch 3, evaluation, seed 1');
    const relu = await sia(['gradcheck', 'activation/relu', '--with', '{negativeSlope: 0.1}', '--input', '4,5', '--tolerance', '1e-8']);
    expect(relu.code, relu.stderr).toBe(0);
    expect(relu.stdout).toContain('z 3x4x5, seed 1\n  z  60 entries');
    expect(relu.stdout).toMatch(/<= tolerance 1e-8\n$/);
  });

  it('tries a layer that takes images only on a small image when no --input is given', async () => {
    const r = await sia(['gradcheck', 'layer/conv2d', '--with', '{filters: 1, kernel: 2}', '--max-entries', '10']);
    expectPass(r, 'layer/conv2d');
    expect(r.stdout).toContain('input 6x6x2 -> 5x5x1, batch 3, training, seed 1');
    expect(r.stdout).toMatch(/^ {2}input {9}10 entries/m);
  });
});

describe('sia gradcheck on third-party plugins', () => {
  it('fails a planted wrong derivative with exit 1, naming the worst entry', async () => {
    const r = await sia(['gradcheck', 'activation/fixture:bad-swish', '--plugin', BAD_SWISH]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('gradcheck activation/fixture:bad-swish 0.0.1 {beta: 1}');
    expect(lines[2]).toMatch(/^ {2}z {2}18 entries {2}max relative error \S+ {2}FAIL$/);
    expect(lines[3]).toMatch(/^FAIL {2}largest relative error \S+ > tolerance 1e-5 at z\[\d, \d\]: analytic \S+, numeric \S+$/);
    // Its error is of order one, not a round-off: a wrong formula.
    expect(Number(/largest relative error (\S+)/.exec(lines[3]!)![1])).toBeGreaterThan(0.01);
  });

  it('passes the correct twin, with options; and fails a layer built on the wrong activation', async () => {
    const twin = await sia(['gradcheck', 'activation/fixture:swish', '--plugin', BAD_SWISH, '--with', '{beta: 2}']);
    expectPass(twin, 'activation/fixture:swish');
    expect(twin.stdout).toContain('{beta: 2}');
    const layer = await sia(['gradcheck', 'layer/dense', '--plugin', BAD_SWISH, '--with', '{units: 3, activation: {type: "fixture:bad-swish"}}']);
    expect(layer.code).toBe(1);
    expect(layer.stdout).toMatch(/^ {2}layer\.weight .* FAIL$/m);
    expect(layer.stdout).toMatch(/^FAIL /m);
  });

  it('checks the example packages: an activation, and a layer that draws noise in training', async () => {
    const softsign = await sia(['gradcheck', 'activation/acme:softsign', '--plugin', join(ROOT, 'examples', 'sia-plugin-example'), '--with', '{beta: 1.5}']);
    expectPass(softsign, 'activation/acme:softsign');
    const noise = await sia(['gradcheck', 'layer/acme:gaussian-noise', '--plugin', join(ROOT, 'examples', 'sia-plugin-sparse'), '--with', '{std: 0.5}']);
    expectPass(noise, 'layer/acme:gaussian-noise');
  });
});

describe('sia gradcheck on bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown plugin, with the closest name', ['activation/tahn'], /^sia: gradcheck: unknown activation 'tahn'; did you mean activation\/tanh\? \(known activations: linear, logistic, relu, tanh; .*\) \[schema\/unknown-plugin\]$/],
    ['a name of another kind', ['activation/dense'], /unknown activation 'dense'; dense is a layer \(layer\/dense\)/],
    ['a kind it does not check', ['optimizer/adam'], /^sia: gradcheck: only activation, loss and layer plugins can be checked, not 'optimizer' \[cli\/usage\]$/],
    ['a misspelt kind', ['activaton/tanh'], /not 'activaton'; did you mean activation\?/],
    ['a bare name', ['tanh'], /expected <kind>\/<name>.*got 'tanh'; did you mean activation\/tanh\?/],
    ['an unknown option', ['activation/tanh', '--with', '{bta: 2}'], /^sia: gradcheck: --with: unknown option 'bta' of activation\/tanh; did you mean beta\? \(its options: beta\) \[schema\/invalid\]$/],
    ['an option out of range', ['activation/tanh', '--with', '{beta: -1}'], /--with: activation tanh: beta must be > 0 .*\[schema\/invalid\]$/],
    ['a missing required option', ['layer/dense'], /--with: layer dense: must have required property 'units'/],
    ['an unknown nested type', ['layer/dense', '--with', '{units: 2, activation: {type: tahn}}'], /activation\.type: unknown activation 'tahn'; did you mean tanh\?/],
    ['--with that is not YAML', ['activation/tanh', '--with', '{beta: [2'], /^sia: gradcheck: --with is not valid YAML: /],
    ['--with that is not a mapping', ['activation/tanh', '--with', '[1, 2]'], /--with takes a mapping of options/],
    ['an input the layer refuses', ['layer/dense', '--with', '{units: 2}', '--input', '4,4,1'], /^sia: gradcheck: layer\/dense cannot take a 4x4x1 input: a dense layer takes a flat input.*--input 6,6,1 \[cli\/usage\]$/],
    ['a malformed input', ['layer/dense', '--with', '{units: 2}', '--input', '6,0'], /--input expects an item shape/],
    ['a bad batch', ['activation/tanh', '--batch', '0'], /--batch expects a whole number from 1 to 1000, got '0'/],
    ['a bad tolerance', ['activation/tanh', '--tolerance', 'tiny'], /--tolerance expects a relative error/],
    ['--eval on an activation', ['activation/tanh', '--eval'], /--eval is for layers/],
    ['a plugin module that does not exist', ['activation/tanh', '--plugin', './missing.mjs'], /cannot find plugin module '\.\/missing\.mjs'.*\[plugin\/load-failed\]$/],
  ];
  for (const [what, args, message] of cases) {
    it(`exits 2 with one line for ${what}`, async () => {
      const r = await sia(['gradcheck', ...args]);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    });
  }

  it('is listed in sia --help with an example, and its help says how to give an input shape', async () => {
    const top = await sia(['--help']);
    expect(top.stdout).toMatch(/^ {2}gradcheck \[options\] <kind\/name> /m);
    expect(top.stdout).toContain("sia gradcheck layer/dense --with '{units: 4, activation: {type: tanh}}'");
    const own = await sia(['gradcheck', '--help']);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('--input 6,6,1');
    expect(own.stdout).toContain('--tolerance <e>');
  });
});
