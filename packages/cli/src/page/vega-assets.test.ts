import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inlineScriptSource, vegaAssets, vegaScripts } from './vega-assets.js';

describe('the chart libraries inlined', () => {
  it('are vega, vega-lite and vega-embed\'s browser builds, in load order', () => {
    expect(vegaAssets().map((a) => a.name)).toEqual(['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js']);
    for (const a of vegaAssets()) expect(statSync(a.path).size).toBeGreaterThan(10_000);
  });

  it('cannot end their <script> early and point at no source map', () => {
    expect(inlineScriptSource('a="</script>";b="</SCRIPT";\n//# sourceMappingURL=x.map\nc()')).toBe('a="<\\/script>";b="<\\/SCRIPT";\n\nc()');
    const html = vegaScripts();
    expect(html.match(/<script data-lib=/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('sourceMappingURL');
  });
});
