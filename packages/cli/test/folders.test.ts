import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PIPELINES, sia, tempDir } from './sia.js';

/** Issue 10, item 6: an earlier run's folder is never reused silently. */
const tmp = tempDir('sia-folders-');
afterAll(tmp.remove);
const GOOD = join(PIPELINES, 'good.yaml');

describe('sia run --out', () => {
  it('refuses a non-empty folder with exit 2 and leaves it as it was; --force replaces an earlier run and says so', async () => {
    const out = join(tmp.dir, 'run');
    const first = await sia(['run', GOOD, '--out', out, '--quiet'], { cwd: tmp.dir });
    expect(first.code, first.stderr).toBe(0);
    const before = readdirSync(out).sort();
    const log = readFileSync(join(out, 'run.log'), 'utf8');
    expect(before).not.toContain('.sia-lock'); // released at the end

    const second = await sia(['run', GOOD, '--out', out, '--quiet'], { cwd: tmp.dir });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/--out .*run is not empty \(.*metrics\.json.*\); choose another folder, or add --force/);
    expect(readdirSync(out).sort()).toEqual(before);
    expect(readFileSync(join(out, 'run.log'), 'utf8')).toBe(log);

    const forced = await sia(['run', GOOD, '--out', out, '--quiet', '--force'], { cwd: tmp.dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/--force: removed the earlier run in .*run \(.*pipeline\.resolved\.yaml.*\)/);
    expect(readdirSync(out).sort()).toEqual(before);
  }, 60_000);
});
