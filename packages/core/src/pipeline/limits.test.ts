import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { applyOverrides } from './overrides.js';
import { PIPELINE_LIMITS, parsePipelineText } from './source.js';

/** Issue 10, item 5 (input bounds): no pipeline text or --set can exhaust memory or the stack. */
const head = 'name: p\nstages:\n  a:\n    uses: dataset/font\n    with:\n      characters: ';

describe('pipeline input bounds', () => {
  it('refuses a file over the size limit before parsing it', () => {
    const e = parsePipelineText('big.yaml', head + '[' + 'a, '.repeat(400_000) + 'a]\n')._unsafeUnwrapErr();
    expect(e).toEqual([{ code: 'yaml/parse', message: 'the pipeline file holds 1.2 million characters; at most 1 million are read', file: 'big.yaml', line: 1, column: 1 }]);
  });

  it('refuses nesting deeper than the limit at the first too-deep value', () => {
    const e = parsePipelineText('deep.yaml', head + '['.repeat(200) + ']'.repeat(200) + '\n')._unsafeUnwrapErr();
    expect(e[0]).toMatchObject({ code: 'yaml/parse', message: `values nested more than ${PIPELINE_LIMITS.depth} levels deep`, line: 6 });
  });

  it('reports nesting the YAML parser itself cannot follow as one message, not a stack overflow', () => {
    const e = parsePipelineText('deeper.yaml', head + '['.repeat(5000) + ']'.repeat(5000) + '\n')._unsafeUnwrapErr();
    expect(e[0]!.message).toMatch(/nested (too deeply to read|more than 64 levels)/);
  });

  it('refuses more values than the limit', () => {
    const e = parsePipelineText('wide.yaml', head + '[' + '1,'.repeat(120_000) + '1]\n')._unsafeUnwrapErr();
    expect(e[0]!.message).toMatch(/more than 100,000 values/);
  });

  it('refuses a --set index that would leave a gap in a list', () => {
    const doc = parseDocument('stages:\n  m:\n    with:\n      encoder: [8, 4]\n');
    expect(applyOverrides(doc, ['stages.m.with.encoder[2]=3'])._unsafeUnwrap().document.toJS()).toMatchObject({ stages: { m: { with: { encoder: [8, 4, 3] } } } });
    const e = applyOverrides(doc, ['stages.m.with.encoder[99999999]=3'])._unsafeUnwrapErr();
    expect(e[0]!.message).toBe('cannot apply --set stages.m.with.encoder[99999999]=3: stages.m.with.encoder has 2 items, so index 99999999 would leave a gap');
  });
});
