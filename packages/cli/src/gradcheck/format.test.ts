import { describe, expect, it } from 'vitest';
import type { ComponentPlugin } from '@sia/core';
import type { CheckOutcome } from './check.js';
import { flowYaml, formatError, formatNumber, formatReport } from './format.js';

const plugin = (kind: 'activation' | 'layer'): ComponentPlugin =>
  ({ kind, name: kind === 'layer' ? 'dense' : 'acme:swish', version: '0.1.0', description: '', schema: {}, create: () => { throw new Error('unused'); } }) as unknown as ComponentPlugin;

describe('gradcheck report', () => {
  it('prints the plugin, the setup, a line per tensor and PASS', () => {
    const outcome: CheckOutcome = {
      tensors: [
        { name: 'layer.weight', entries: 24, maxRelativeError: 3.2e-9 },
        { name: 'layer.bias', entries: 4, maxRelativeError: 0 },
        { name: 'input', entries: 18, maxRelativeError: 2.8e-8, itemSize: 6 },
      ],
      result: { maxRelativeError: 2.8e-8, perTensor: {}, worst: { tensor: 'input', index: 7, analytic: 1, numeric: 1 }, checked: 46 },
      outputShape: [4],
    };
    const config = { type: 'dense', units: 4, activation: { type: 'tanh', beta: 1 }, bias: 'zeros' };
    expect(formatReport(plugin('layer'), config, { input: [6], batch: 3, seed: 1, training: true }, outcome, 1e-5)).toEqual([
      'gradcheck layer/dense 0.1.0 {units: 4, activation: {type: tanh, beta: 1}, bias: zeros}',
      'input 6 -> 4, batch 3, training, seed 1',
      '  layer.weight  24 entries  max relative error 3.2e-9',
      '  layer.bias     4 entries  max relative error 0',
      '  input         18 entries  max relative error 2.8e-8',
      'PASS  largest relative error 2.8e-8 <= tolerance 1e-5',
    ]);
  });

  it('marks the tensors over the tolerance and says where the worst entry is, as [item, value]', () => {
    const outcome: CheckOutcome = {
      tensors: [{ name: 'z', entries: 18, maxRelativeError: 1.72, itemSize: 6 }],
      result: { maxRelativeError: 1.72, perTensor: { z: 1.72 }, worst: { tensor: 'z', index: 7, analytic: -0.0647541234, numeric: 0.0442069 }, checked: 18 },
    };
    expect(formatReport(plugin('activation'), { type: 'acme:swish', beta: 1 }, { input: [6], batch: 3, seed: 2, training: true }, outcome, 1e-5)).toEqual([
      'gradcheck activation/acme:swish 0.1.0 {beta: 1}',
      'z 3x6, seed 2',
      '  z  18 entries  max relative error 1.7  FAIL',
      'FAIL  largest relative error 1.7 > tolerance 1e-5 at z[1, 1]: analytic -0.0647541, numeric 0.0442069',
    ]);
  });

  it('treats a NaN derivative (an infinite error) as a failure', () => {
    const outcome: CheckOutcome = {
      tensors: [{ name: 'layer.weight', entries: 2, maxRelativeError: Infinity }],
      result: { maxRelativeError: Infinity, perTensor: {}, worst: { tensor: 'layer.weight', index: 1, analytic: Number.NaN, numeric: 0.5 }, checked: 2 },
    };
    const lines = formatReport(plugin('layer'), { type: 'dense', units: 1 }, { input: [2], batch: 1, seed: 1, training: false }, outcome, 1e-5);
    expect(lines[1]).toBe('input 2, batch 1, evaluation, seed 1');
    expect(lines[2]).toBe('  layer.weight  2 entries  max relative error inf  FAIL');
    expect(lines[3]).toBe('FAIL  largest relative error inf > tolerance 1e-5 at layer.weight[1]: analytic NaN, numeric 0.5');
  });

  it('formats numbers and options compactly', () => {
    expect([0, 3.14e-11, 0.25, 1.72, Infinity].map(formatError)).toEqual(['0', '3.1e-11', '0.25', '1.7', 'inf']);
    expect([0.5123456, -3, 1e-5, 2.5e-7].map(formatNumber)).toEqual(['0.512346', '-3', '1e-5', '2.5e-7']);
    expect(flowYaml({ shape: [2, 3, 1], epsilon: 1e-7, type: 'acme:x', note: 'two words', flag: 'yes', on: true })).toBe(
      '{shape: [2, 3, 1], epsilon: 1e-7, type: acme:x, note: "two words", flag: "yes", on: true}',
    );
    expect(flowYaml({})).toBe('{}');
  });
});
