import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, spawnCollect, tempDir, type SiaResult } from './sia.js';

/**
 * The packages as a user gets them: `npm run pack -- <dir>` writes the tarballs, an empty folder
 * outside the repository installs them with npm (their dependencies from the registry), and the
 * installed `sia` runs every shipped pipeline, a sweep in worker threads, and a third-party plugin
 * package that depends on the @sia/core tarball. Nothing here touches the repository's
 * node_modules or dist: every command runs the installed copy.
 *
 * Slow by nature (an `npm install` from the registry, then nine pipelines and a sweep): about
 * 1 to 2 minutes on a 2-core machine with a warm npm cache. The phases' times are printed at the end.
 */
const INSTALL = 10 * 60_000; // pack + npm install, with a cold npm cache on a slow network
const RUN = 5 * 60_000;

const tmp = tempDir('sia-pack-');
const TARBALLS = join(tmp.dir, 'tarballs');
const PROJECT = join(tmp.dir, 'project'); // the user's empty folder
const PIPELINES = join(ROOT, 'pipelines');
const PUBLISHED = ['@sia/cli', '@sia/core', '@sia/figures', '@sia/layers', '@sia/optimizers', '@sia/problems'];
const CLI_VERSION = (JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Pipelines not run here, with the reason. Empty: no shipped pipeline names a file of the
 * repository (no `plugins:` path, no image folder, no saved model), so each runs on its own.
 */
const SKIP: Record<string, string> = {};

const timings: [string, number][] = [];
const started = Date.now();
afterAll(() => {
  timings.push(['total', Date.now() - started]);
  console.log(`pack test timings:\n${timings.map(([what, ms]) => `  ${what.padEnd(34)} ${(ms / 1000).toFixed(1)} s`).join('\n')}`);
  tmp.remove();
});

/**
 * The environment of a user's shell: without the npm_* variables that `npm run` / `npx` set for
 * this test process (npm_config_local_prefix would point npm at the repository). Settings that
 * say how to reach the registry are kept.
 */
function userEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(cache|userconfig|globalconfig|registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl)$/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if ((/^npm_/i.test(k) && !keep.test(k)) || k === 'INIT_CWD' || /^PNPM_/i.test(k) || k.startsWith('VITEST')) continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', SIA_SCHEMA_CACHE: join(tmp.dir, 'validators') };
}

/** Runs a command as a user types it, in `cwd`, with a user's environment. */
const run = (command: string, args: readonly string[], cwd: string): Promise<SiaResult> => spawnCollect(command, args, { cwd, env: userEnv() });

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await f();
  } finally {
    timings.push([what, Date.now() - t0]);
  }
}

const show = (r: SiaResult): string => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
const sia = (args: readonly string[]): Promise<SiaResult> => run('npx', ['--no-install', 'sia', ...args], PROJECT);

/** The files of a tarball, and the text of one of them (tar ships with Linux, macOS, Windows 10+). */
async function tarList(file: string): Promise<string[]> {
  const r = await run('tar', ['-tzf', basename(file)], TARBALLS);
  expect(r.code, show(r)).toBe(0);
  return r.stdout.split(/\r?\n/).filter((l) => l !== '');
}
async function tarRead(file: string, entry: string): Promise<string> {
  const r = await run('tar', ['-xOzf', basename(file), entry], TARBALLS);
  expect(r.code, show(r)).toBe(0);
  return r.stdout;
}

/** Every string value of a parsed pipeline that reads as a relative path. */
function relativePaths(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && /^\.\.?([/\\]|$)/.test(value)) out.push(value);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) relativePaths(v, out);
  return out;
}

let tarballs: string[] = [];

beforeAll(async () => {
  // Outside the repository: nothing may resolve from its node_modules.
  expect(relative(ROOT, tmp.dir).startsWith('..'), `${tmp.dir} is inside ${ROOT}`).toBe(true);
  const packed = await timed('npm run pack', () => run('npm', ['run', '--silent', 'pack', '--', TARBALLS], ROOT));
  expect(packed.code, show(packed)).toBe(0);
  tarballs = packed.stdout.split(/\r?\n/).filter((l) => l.endsWith('.tgz'));
  expect(tarballs.map((t) => basename(t)).sort()).toEqual(readdirSync(TARBALLS).filter((f) => f.endsWith('.tgz')).sort());

  mkdirSync(PROJECT);
  const installed = await timed('npm install <dir>/*.tgz', () => run('npm', ['install', '--no-audit', '--no-fund', ...tarballs], PROJECT));
  expect(installed.code, show(installed)).toBe(0);
}, INSTALL);

describe('the tarballs', () => {
  it('are one per publishable package, every workspace: and catalog: specifier resolved', async () => {
    const names: string[] = [];
    for (const file of tarballs) {
      const pkg = JSON.parse(await tarRead(file, 'package/package.json')) as Record<string, unknown>;
      names.push(String(pkg.name));
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [dep, spec] of Object.entries((pkg[field] ?? {}) as Record<string, string>)) {
          expect(spec, `${pkg.name} ${field}.${dep}`).not.toMatch(/^(workspace|catalog):/);
          expect(spec, `${pkg.name} ${field}.${dep}`).toMatch(/^\d+\.\d+\.\d+/);
        }
      }
      // The shipped exports have no `source` condition (src/index.ts is the repository's view).
      expect(JSON.stringify(pkg.exports), String(pkg.name)).not.toContain('source');
      expect(pkg).toMatchObject({ license: 'MIT', types: './dist/index.d.ts', repository: { directory: `packages/${String(pkg.name).replace('@sia/', '')}` } });
      expect(pkg.publishConfig, 'publishConfig is applied at pack time, not shipped').toBeUndefined();
      const files = await tarList(file);
      for (const f of ['package/LICENSE', 'package/README.md', 'package/dist/index.js', 'package/dist/index.d.ts']) expect(files, `${pkg.name}: ${f}`).toContain(f);
      expect(files.filter((f) => /\.test\.ts$|__fixtures__|tsbuildinfo/.test(f)), String(pkg.name)).toEqual([]);
    }
    expect(names.sort()).toEqual(PUBLISHED);
    const problems = tarballs.find((t) => basename(t).startsWith('sia-problems-'))!;
    expect(await tarList(problems)).toContain('package/src/data/emoji.txt');
    const license = await tarRead(tarballs[0]!, 'package/LICENSE');
    expect(license).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} sia contributors\n/);
  });

  it('install into an empty folder: one copy of each package, the sia bin among them', () => {
    const modules = join(PROJECT, 'node_modules');
    for (const name of PUBLISHED) expect(existsSync(join(modules, ...name.split('/'), 'package.json')), name).toBe(true);
    // No nested copy of a sia package anywhere (plugins must share the one @sia/core).
    const nested = readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter((p) => /node_modules[\\/]@sia$/.test(p));
    expect(nested).toEqual([]);
    const bin = realpathSync(join(modules, '.bin', process.platform === 'win32' ? 'sia.cmd' : 'sia'));
    expect(bin.startsWith(realpathSync(modules) + sep), bin).toBe(true);
  });
});

describe('the installed sia', () => {
  it('npx sia --version', async () => {
    const r = await sia(['--version']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout.trim()).toBe(CLI_VERSION);
  });

  it('loads @sia/core from the installed package, with its WebAssembly kernels', async () => {
    const script = "import { wasmArena } from '@sia/core'; console.log(JSON.stringify({ at: import.meta.resolve('@sia/core'), wasm: wasmArena() !== undefined }));";
    writeFileSync(join(PROJECT, 'wasm-check.mjs'), script);
    const r = await run(process.execPath, ['wasm-check.mjs'], PROJECT);
    expect(r.code, show(r)).toBe(0);
    const { at, wasm } = JSON.parse(r.stdout) as { at: string; wasm: boolean };
    expect(fileURLToPath(at)).toContain(join('project', 'node_modules', '@sia', 'core', 'dist'));
    expect(wasm).toBe(true);
  });

  it("runs each package README's example", async () => {
    for (const name of PUBLISHED.filter((n) => n !== '@sia/cli')) {
      const readme = readFileSync(join(PROJECT, 'node_modules', ...name.split('/'), 'README.md'), 'utf8');
      const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
      expect(code, `${name}: README has a js example`).toBeDefined();
      const file = join(PROJECT, `readme-${name.replace('@sia/', '')}.mjs`);
      writeFileSync(file, code!);
      const r = await run(process.execPath, [file], PROJECT);
      expect(r.code, `${name}\n${show(r)}`).toBe(0);
    }
    // The core example is a plugin module: the installed sia lists it.
    const r = await sia(['plugins', '--plugin', './readme-core.mjs']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^ +acme:softsign 0\.1\.0 - softsign/m);
  }, RUN);

  const files = readdirSync(PIPELINES).filter((f) => f.endsWith('.yaml')).sort();
  it('has every shipped pipeline to run', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const f of files.filter((name) => SKIP[name] === undefined)) {
      // A pipeline that names a file of the repository (a plugin path, an image folder, a saved
      // model) cannot run in a bare folder: copy that file too, or list the pipeline in SKIP.
      expect(relativePaths(parse(readFileSync(join(PIPELINES, f), 'utf8'))), f).toEqual([]);
    }
  });

  for (const file of files.filter((f) => SKIP[f] === undefined)) {
    it(`runs ${file} (copied into the folder, few epochs)`, async () => {
      cpSync(join(PIPELINES, file), join(PROJECT, file));
      const doc = parse(readFileSync(join(PROJECT, file), 'utf8')) as { stages: Record<string, { uses: string }> };
      const sets: string[] = [];
      for (const [id, stage] of Object.entries(doc.stages)) {
        if (stage.uses.startsWith('train/')) sets.push('--set', `stages.${id}.with.epochs=5`);
        if (stage.uses === 'evaluate/noise-sweep') sets.push('--set', `stages.${id}.with.copies=2`);
      }
      const out = join('runs', basename(file, '.yaml'));
      const r = await timed(`sia run ${file}`, () => sia(['run', file, '--out', out, '--quiet', ...sets]));
      expect(r.code, show(r)).toBe(0);
      const metrics = JSON.parse(readFileSync(join(PROJECT, out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(metrics).sort()).toEqual(['$run', ...Object.keys(doc.stages)].sort());
      // The page's own markup: the inlined chart libraries hold HTML templates of their own.
      const index = readFileSync(join(PROJECT, out, 'index.html'), 'utf8');
      for (const src of index.replace(/<script[^>]*>[^]*?<\/script>/g, '').matchAll(/<img src="([^"]+)"/g)) expect(existsSync(join(PROJECT, out, decodeURI(src[1]!))), src[1]).toBe(true);
    }, RUN);
  }

  it('runs a sweep in worker threads (the worker module ships in dist)', async () => {
    cpSync(join(PIPELINES, 'ae-letters-5.yaml'), join(PROJECT, 'sweep-letters.yaml'));
    const r = await timed('sia sweep (2 trials)', () =>
      sia(['sweep', 'sweep-letters.yaml', '--axis', 'seed=[1,2]', '--workers', '2', '--set', 'stages.model.with.epochs=5', '--out', join('sweeps', 'letters'), '--quiet']),
    );
    expect(r.code, show(r)).toBe(0);
    const sweep = JSON.parse(readFileSync(join(PROJECT, 'sweeps', 'letters', 'sweep.json'), 'utf8')) as { trials: { status: string }[] };
    expect(sweep.trials.map((t) => t.status)).toEqual(['done', 'done']);
  }, RUN);
});

describe('a third-party plugin package', () => {
  const PLUGIN = join(tmp.dir, 'sia-plugin-acme');

  it('that depends on the @sia/core tarball installs, and sia lists and uses its plugin', async () => {
    const core = tarballs.find((t) => basename(t).startsWith('sia-core-'))!;
    mkdirSync(PLUGIN);
    writeFileSync(
      join(PLUGIN, 'package.json'),
      `${JSON.stringify({ name: 'sia-plugin-acme', version: '1.0.0', type: 'module', exports: './index.js', files: ['index.js'], dependencies: { '@sia/core': `file:${core}` } }, null, 2)}\n`,
    );
    writeFileSync(
      join(PLUGIN, 'index.js'),
      [
        "import { pluginModule } from '@sia/core';",
        '',
        '/** softsign f(x) = x / (1 + |x|), an activation. */',
        'export const softsign = Object.freeze({',
        "  kind: 'activation',",
        "  name: 'acme:softsign',",
        "  version: '1.0.0',",
        "  description: 'softsign from a third-party package',",
        "  schema: { type: 'object', additionalProperties: false, properties: {} },",
        '  create() {',
        '    return {',
        "      name: 'acme:softsign',",
        '      forward(z, y) { for (let i = 0; i < z.data.length; i++) y.data[i] = z.data[i] / (1 + Math.abs(z.data[i])); },',
        '      backward(z, _y, dy, dz) { for (let i = 0; i < z.data.length; i++) { const d = 1 + Math.abs(z.data[i]); dz.data[i] = dy.data[i] / (d * d); } },',
        '    };',
        '  },',
        '});',
        '',
        'export default pluginModule([softsign]);',
        '',
      ].join('\n'),
    );
    // As its author would publish it: packed, then installed by name from the tarball. (A plain
    // `npm install <folder>` links the folder, and Node then looks for @sia/core next to the
    // folder's real path, outside the project.)
    const packed = await timed('npm pack (plugin)', () => run('npm', ['pack', '--pack-destination', tmp.dir], PLUGIN));
    expect(packed.code, show(packed)).toBe(0);
    const pluginTgz = join(tmp.dir, 'sia-plugin-acme-1.0.0.tgz');
    const installed = await timed('npm install (plugin)', () => run('npm', ['install', '--no-audit', '--no-fund', pluginTgz], PROJECT));
    expect(installed.code, show(installed)).toBe(0);
    expect(existsSync(join(PROJECT, 'node_modules', 'sia-plugin-acme', 'node_modules')), 'the plugin shares the project\'s @sia/core').toBe(false);

    const listed = await sia(['plugins', '--plugin', 'sia-plugin-acme']);
    expect(listed.code, show(listed)).toBe(0);
    expect(listed.stdout).toMatch(/^activation$/m);
    expect(listed.stdout).toMatch(/^ +acme:softsign 1\.0\.0 - softsign from a third-party package$/m);
    const json = await sia(['plugins', '--json', '--plugin', 'sia-plugin-acme']);
    expect(json.code, show(json)).toBe(0);
    expect((JSON.parse(json.stdout) as { kind: string; name: string }[]).filter((p) => p.name === 'acme:softsign')).toEqual([
      expect.objectContaining({ kind: 'activation', name: 'acme:softsign', version: '1.0.0' }),
    ]);

    // And a pipeline that names the package trains with it.
    writeFileSync(
      join(PROJECT, 'acme-letters.yaml'),
      [
        'name: acme-letters',
        'seed: 1',
        'plugins: [sia-plugin-acme]',
        'stages:',
        '  glyphs: { uses: dataset/font, with: { count: 5 } }',
        '  model:',
        '    uses: train/autoencoder',
        '    inputs: { data: glyphs }',
        '    with: { encoder: [16, 8], latent: 2, hidden: { type: acme:softsign }, epochs: 5 }',
        '',
      ].join('\n'),
    );
    const ran = await timed('sia run (plugin pipeline)', () => sia(['run', 'acme-letters.yaml', '--out', join('runs', 'acme-letters'), '--quiet']));
    expect(ran.code, show(ran)).toBe(0);
    expect(readFileSync(join(PROJECT, 'runs', 'acme-letters', 'pipeline.resolved.yaml'), 'utf8')).toContain('acme:softsign');
  }, RUN);
});
