import { describe, expect, it } from 'vitest';
import { estimateModelCost, planModel } from '@sia/core';
import { memoryLimitBytes, overMemoryLimit } from './memory-limit.js';
import { testContext, testRegistry } from './__fixtures__/context.js';

const ctx = testContext(testRegistry(), 1);
const plan = (encoder: unknown[], inputShape = [35]) =>
  planModel({ inputShape, problem: { type: 'conventional' }, encoder: encoder as never, decoder: 'mirror', output: { type: 'logistic' } }, ctx)._unsafeUnwrap();

describe('the memory estimate before training', () => {
  it('counts the parameters of dense and conv layers exactly', () => {
    // 35-16-2-16-35: weights and biases
    const dense = plan([{ type: 'dense', units: 16 }, { type: 'dense', units: 2 }]);
    expect(estimateModelCost(dense, 1).params).toBe(35 * 16 + 16 + 16 * 2 + 2 + 2 * 16 + 16 + 16 * 35 + 35);
    // conv 4 filters 3x3 on 7x5x1 (padding 1) and its transpose back: 4*9+4 and 1*9*4... + 1
    const conv = plan([{ type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, { type: 'flatten' }, { type: 'dense', units: 2 }], [7, 5, 1]);
    expect(estimateModelCost(conv, 1).params).toBe(4 * 9 + 4 + 140 * 2 + 2 + 2 * 140 + 140 + 4 * 9 * 1 + 1);
  });

  it('refuses a model over the limit with the estimate and the limit in words', () => {
    const big = plan([{ type: 'dense', units: 1_000_000 }, { type: 'dense', units: 1_000_000 }, { type: 'dense', units: 2 }]);
    expect(overMemoryLimit(big, 32, {})).toMatch(/^this model would need about [\d.]+ GB \(2,000,\d{3},\d{3},\d{3} parameters, batches of 32\), above the limit of [\d.]+ GB \(half of this machine's memory; SIA_MEMORY_LIMIT=<gigabytes> raises it\)$/);
    expect(overMemoryLimit(plan([{ type: 'dense', units: 64 }]), 32, {})).toBeUndefined();
    expect(overMemoryLimit(plan([{ type: 'dense', units: 64 }]), 32, { SIA_MEMORY_LIMIT: '0.0001' })).toMatch(/above the limit of 0\.1 MB \(SIA_MEMORY_LIMIT\)$/);
    expect(memoryLimitBytes({ SIA_MEMORY_LIMIT: '2' })).toBe(2 * 2 ** 30);
  });
});
