import { describe, expect, it } from 'vitest';
import { isGradcheckKind, parseCount, parseShape, parseTarget, parseTolerance, parseWithOptions, unsupportedKind } from './args.js';

describe('gradcheck arguments', () => {
  it('splits <kind>/<name> at the first slash, scoped names included', () => {
    expect(parseTarget('activation/tanh')._unsafeUnwrap()).toEqual({ kind: 'activation', name: 'tanh' });
    expect(parseTarget('layer/acme:gaussian-noise')._unsafeUnwrap()).toEqual({ kind: 'layer', name: 'acme:gaussian-noise' });
    for (const bad of ['tanh', '/tanh', 'layer/']) expect(parseTarget(bad)._unsafeUnwrapErr()).toContain('expected <kind>/<name>');
  });

  it('names the kinds it checks, and the closest one to a typo', () => {
    expect(['activation', 'loss', 'layer'].every(isGradcheckKind)).toBe(true);
    expect(isGradcheckKind('optimizer')).toBe(false);
    expect(unsupportedKind('optimizer')).toBe("only activation, loss and layer plugins can be checked, not 'optimizer'");
    expect(unsupportedKind('activaton')).toContain('did you mean activation?');
  });

  it('reads --with as a YAML mapping, braces optional', () => {
    expect(parseWithOptions(undefined)._unsafeUnwrap()).toEqual({});
    expect(parseWithOptions('  ')._unsafeUnwrap()).toEqual({});
    expect(parseWithOptions('{beta: 2}')._unsafeUnwrap()).toEqual({ beta: 2 });
    expect(parseWithOptions('beta: 2')._unsafeUnwrap()).toEqual({ beta: 2 });
    expect(parseWithOptions('{units: 4, activation: {type: tanh}}')._unsafeUnwrap()).toEqual({ units: 4, activation: { type: 'tanh' } });
  });

  it('refuses --with that is not a mapping of options, in one line', () => {
    expect(parseWithOptions('[1, 2]')._unsafeUnwrapErr()).toBe("--with takes a mapping of options, e.g. --with '{beta: 2}', got [1,2]");
    expect(parseWithOptions('3')._unsafeUnwrapErr()).toContain('got 3');
    expect(parseWithOptions('{type: tanh}')._unsafeUnwrapErr()).toContain('drop type');
    const broken = parseWithOptions('{beta: [2')._unsafeUnwrapErr();
    expect(broken).toMatch(/^--with is not valid YAML: /);
    expect(broken).not.toContain('\n');
  });

  it('reads an item shape of one to three positive whole numbers', () => {
    expect(parseShape('6')._unsafeUnwrap()).toEqual([6]);
    expect(parseShape('5,7,1')._unsafeUnwrap()).toEqual([5, 7, 1]);
    expect(parseShape('5x7x1')._unsafeUnwrap()).toEqual([5, 7, 1]);
    expect(parseShape(' 4, 4 ')._unsafeUnwrap()).toEqual([4, 4]);
    for (const bad of ['0', '1,2,3,4', 'a', '1.5', '-3', '', '6,']) expect(parseShape(bad).isErr(), bad).toBe(true);
    expect(parseShape('1000,1000')._unsafeUnwrapErr()).toContain('at most');
  });

  it('reads counts and the tolerance within their ranges', () => {
    expect(parseCount('3', '--batch', 1, 1000)._unsafeUnwrap()).toBe(3);
    expect(parseCount('0', '--batch', 1, 1000)._unsafeUnwrapErr()).toBe("--batch expects a whole number from 1 to 1000, got '0'");
    expect(parseCount('2.5', '--seed', 0, 10).isErr()).toBe(true);
    expect(parseTolerance('1e-6')._unsafeUnwrap()).toBe(1e-6);
    for (const bad of ['0', '-1', '2', 'x', '']) expect(parseTolerance(bad).isErr(), bad).toBe(true);
  });
});
