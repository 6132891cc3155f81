import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sia } from './sia.js';

describe('sia --help, --version, plugins', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await sia(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['run [options] [file]', 'validate [options] <file>', 'plugins [options]']) expect(r.stdout).toContain(command);
    expect(r.stdout).toContain('Exit codes: 0 success, 1 a failure while running');
  });

  it('run --help documents every flag', async () => {
    const r = await sia(['run', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--out <dir>', '--seed <n>', '--set <path=value>', '--quiet', '--no-cache', '--resume <run-folder>']) expect(r.stdout).toContain(flag);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string };
    const r = await sia(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('plugins lists plugins by kind with their options; --json gives the same as data', async () => {
    const fixture = join(ROOT, 'packages', 'cli', 'test', 'fixtures', 'plugins', 'stages.mjs');
    const text = await sia(['plugins', '--plugin', fixture]);
    expect(text.code, text.stderr).toBe(0);
    // Under the train heading (built-in trainers may come first).
    expect(text.stdout).toMatch(/^train\n(?: .*\n)*? +fixture:fit 0\.0\.1 - /m);
    expect(text.stdout).toMatch(/^ +epochs +integer +required +> 0 +epochs to run$/m);
    const json = await sia(['plugins', '--json', '--plugin', fixture]);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { kind: string; name: string; options: { name: string; required: boolean }[] }[];
    const fit = list.find((d) => d.kind === 'train' && d.name === 'fixture:fit');
    expect(fit?.options.map((o) => [o.name, o.required])).toEqual([['epochs', true], ['rate', false], ['activation', false]]);
    // Every plugin the text lists is in the JSON, and the other way round.
    for (const d of list) expect(text.stdout).toContain(`  ${d.name} `);
  });

  it('plugins --plugin with a module that cannot be loaded exits 2 and names the flag', async () => {
    const r = await sia(['plugins', '--plugin', './nope.mjs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--plugin \.\/nope\.mjs: cannot find plugin module '\.\/nope\.mjs'.*\[plugin\/load-failed\]$/m);
    expect(r.stdout).toBe('');
  });

  it('a plugin that reuses a registered kind/name stops start-up (exit 2)', async () => {
    // On the command line a path without ./ that exists is taken as a path.
    const r = await sia(['plugins', '--plugin', 'packages/cli/test/fixtures/plugins/duplicate-tanh.mjs'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plugin activation/tanh is registered more than once (versions 0.1.0 and 9.9.9) [plugin/duplicate]');
    expect(r.stdout).toBe('');
  });
});
