import { describe, expect, it } from 'vitest';
import { estimateModelCost, planModel } from '@sia/core';
import { memoryLimitBytes, overMemoryLimit } from './memory-limit.js';
import { testContext, testRegistry } from './train/__fixtures__/context.js';

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

describe('memory checks of the data stages', () => {
  const env = (info: object) => ({ baseDir: '.', inputs: { data: info }, components: ctx }) as never;
  it('dataset/repeat refuses more copies than fit, at times, and passes the new count on', async () => {
    const { repeatPlugin } = await import('./datasets/repeat.js');
    const info = { itemShape: [7, 5, 1], items: 32 };
    expect(repeatPlugin.check!({ times: 3 }, env(info))).toEqual({ itemShape: [7, 5, 1], items: 96 });
    let error: unknown;
    try {
      repeatPlugin.check!({ times: 100_000_000 }, env(info));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'data/invalid', path: ['times'] });
    expect((error as Error).message).toMatch(/^3,200,000,000 items would need about [\d.]+ GB, above the limit of/);
  });

  it('evaluate/noise-sweep refuses more noisy copies per level than fit, at copies', async () => {
    const { noiseSweepPlugin } = await import('./evaluate/noise-sweep.js');
    const info = { itemShape: [7, 5, 1], items: 32 };
    expect(noiseSweepPlugin.check!({ copies: 200, noises: [] } as never, env(info))).toBeUndefined();
    expect(() => noiseSweepPlugin.check!({ copies: 1_000_000_000, noises: [] } as never, env(info))).toThrow(/^32,000,000,000 noisy copies per level would need about/);
  });

  it('the datasets say how many items they hold before running', async () => {
    const { fontPlugin } = await import('./datasets/font.js');
    const { emojiPlugin } = await import('./datasets/emoji.js');
    expect(fontPlugin.check!({ count: 5 } as never, env({}))).toMatchObject({ items: 5 });
    expect(fontPlugin.check!({ characters: ['a', 'b'] } as never, env({}))).toMatchObject({ items: 2 });
    expect(fontPlugin.check!({} as never, env({}))).toMatchObject({ items: 32 });
    expect(emojiPlugin.check!({} as never, env({}))).toMatchObject({ items: 8 });
  });
});
