import { describe, expect, it } from 'vitest';
import { renderIndex, type StageRecord } from './index-html.js';

const page = (stages: StageRecord[]) =>
  renderIndex({ name: 'demo', seed: 7, date: '2026-01-01', file: 'p.yaml', stages, versions: { 'train/x': '0.1.0' }, resolvedYaml: 'name: demo\n' });

describe('index.html', () => {
  it('shows each stage with its pictures, links and metrics', () => {
    const html = page([
      { id: 'model', uses: 'train/x', status: 'done', ms: 12, metrics: { loss: 0.123456789, note: '<b>' }, files: ['model/loss.png', 'model/model.json'] },
    ]);
    expect(html).toContain('<img src="model/loss.png"');
    expect(html).toContain('<a href="model/model.json">');
    // numbers shortened to 6 significant digits; text escaped
    expect(html).toContain('<td>0.123457</td>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<td><b></td>');
  });

  it('draws a list of flat records as one table with a header row', () => {
    const rows = [
      { noise: 'gaussian', level: 0.1, recovered: 1 },
      { noise: 'gaussian', level: 0.2, recovered: 0.5 },
    ];
    const html = page([{ id: 'sweep', uses: 'evaluate/x', status: 'done', metrics: { rows }, files: [] }]);
    expect(html).toContain('<tr><th>noise</th><th>level</th><th>recovered</th></tr>');
    expect(html).toContain('<tr><td>gaussian</td><td>0.2</td><td>0.5</td></tr>');
  });

  it('lays many scalar entries side by side', () => {
    const wrongPixels = Object.fromEntries('abcdefgh'.split('').map((c, i) => [c, i % 2]));
    const html = page([{ id: 'fid', uses: 'evaluate/x', status: 'done', metrics: { wrongPixels }, files: [] }]);
    expect(html).toContain('<div class="kv"><span><b>a</b> 0</span><span><b>b</b> 1</span>');
  });
});
