import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';
import { getLanguageService } from 'yaml-language-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, sia, tempDir } from './sia.js';

/**
 * `sia schema`: the JSON Schema editors read through yaml-language-server's modeline. It is
 * compiled here with a plain draft-07 ajv (not sia's own set-up: no discriminator, no sia
 * keywords), as an editor or another tool would read it.
 */

/** A committed schema and the `--plugin` flags that generate it. */
const COMMITTED: readonly { file: string; plugins: string[] }[] = [
  { file: 'pipelines/sia.schema.json', plugins: [] },
  { file: 'examples/sia-plugin-example/sia.schema.json', plugins: ['examples/sia-plugin-example'] },
  { file: 'examples/sia-plugin-sparse/sia.schema.json', plugins: ['examples/sia-plugin-sparse'] },
];

/** Every shipped YAML pipeline, relative to the root. */
const SHIPPED: readonly string[] = [
  ...readdirSync(join(ROOT, 'pipelines')).filter((f) => f.endsWith('.yaml')).map((f) => `pipelines/${f}`),
  ...readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(ROOT, 'examples', d.name)).filter((f) => f.endsWith('.yaml')).map((f) => `examples/${d.name}/${f}`)),
].sort();

function compile(text: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  // VS Code's keyword for one description per enum value (yaml-language-server shows them).
  ajv.addKeyword({ keyword: 'enumDescriptions', schemaType: 'array' });
  return ajv.compile(JSON.parse(text) as object);
}

async function generate(plugins: readonly string[]): Promise<string> {
  const r = await sia(['schema', ...plugins.flatMap((p) => ['--plugin', p])], { cwd: ROOT });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const readYaml = (file: string): unknown => parse(readFileSync(join(ROOT, file), 'utf8'));

describe('sia schema', () => {
  let core: ValidateFunction;
  let text = '';
  const tmp = tempDir('sia-schema-');
  beforeAll(async () => {
    text = await generate([]);
    core = compile(text);
  });
  afterAll(() => tmp.remove());

  it('prints a draft-07 schema with titles, descriptions and the names of each slot', () => {
    const schema = JSON.parse(text) as Record<string, any>;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(text).not.toMatch(/"(x-sia-[a-z]+|discriminator|\$defs)"/);
    // The names completion offers: every registered optimizer, with its description.
    const optimizers = schema.definitions['slot.optimizer'].properties.type;
    expect(optimizers.enum).toEqual(expect.arrayContaining(['adam', 'gd', 'momentum']));
    expect(optimizers.enumDescriptions).toHaveLength(optimizers.enum.length);
    expect(optimizers.enumDescriptions.every((d: string) => d.length > 0)).toBe(true);
    expect(schema.definitions.stage.properties.uses.enum).toEqual(expect.arrayContaining(['train/autoencoder', 'train/variational', 'dataset/font']));
    // Hover docs: the plugin's own description on its branch, the option's from its schema.
    const adam = schema.definitions['optimizer.adam'];
    expect(adam.title).toBe('optimizer adam');
    expect(adam.description.length).toBeGreaterThan(10);
    expect(typeof adam.properties.rate.description).toBe('string');
    const trainer = schema.definitions.stage.oneOf.find((b: any) => b.properties.uses.const === 'train/variational');
    expect(trainer.title).toBe('train/variational');
    expect(trainer.properties.with.properties.epochs.description).toBe('Epoch budget.');
  });

  it.each(SHIPPED.filter((f) => f.startsWith('pipelines/')))('accepts the shipped %s', (file) => {
    expect(core(readYaml(file)), JSON.stringify(core.errors)).toBe(true);
  });

  it('rejects a misspelled plugin name, an unknown option and a wrong type', () => {
    const good = readYaml('pipelines/ae-letters.yaml') as any;
    const cases: [string, (p: any) => void][] = [
      ['optimizer adma', (p) => (p.stages.model.with.optimizer = { type: 'adma' })],
      ['unknown option', (p) => (p.stages.model.with.epochz = 3)],
      ['epochs as text', (p) => (p.stages.model.with.epochs = 'many')],
      ['unknown stage plugin', (p) => (p.stages.model.uses = 'train/autoencodr')],
      ['unknown top-level key', (p) => (p.epochs = 3)],
    ];
    for (const [what, spoil] of cases) {
      const bad = structuredClone(good);
      spoil(bad);
      expect(core(bad), what).toBe(false);
    }
  });

  it('includes a plugin loaded with --plugin, and accepts a pipeline that uses it', async () => {
    const fixture = join(FIXTURES, 'plugins', 'stages.mjs');
    const withFixture = compile(await generate([fixture]));
    const doc = {
      name: 'fixture-run',
      stages: {
        data: { uses: 'dataset/fixture:ramp', with: { count: 3 } },
        model: { uses: 'train/fixture:fit', inputs: { data: 'data' }, with: { epochs: 2, activation: { type: 'fixture:wave' } } },
      },
    };
    expect(withFixture(doc), JSON.stringify(withFixture.errors)).toBe(true);
    // Without the module, the same names are unknown.
    expect(core(doc)).toBe(false);
    const schema = JSON.parse(await generate([fixture])) as Record<string, any>;
    expect(schema.definitions['slot.activation'].properties.type.enum).toContain('fixture:wave');
  });

  it.each(SHIPPED.filter((f) => f.startsWith('examples/')))('accepts the example %s with its package loaded', async (file) => {
    const plugin = dirname(file);
    const validate = compile(await generate([plugin]));
    expect(validate(readYaml(file)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('--out writes the same text to a file; a plugin that fails to load writes nothing (exit 2)', async () => {
    const out = join(tmp.dir, 'nested', 'schema.json');
    const r = await sia(['schema', '--out', out], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(text);
    const failed = join(tmp.dir, 'failed.json');
    const bad = await sia(['schema', '--plugin', './nope.mjs', '--out', failed], { cwd: tmp.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--plugin \.\/nope\.mjs: cannot find plugin module/m);
    expect(existsSync(failed)).toBe(false);
  });
});

describe('editor help in the shipped pipelines', () => {
  it.each(COMMITTED)('$file is what sia schema generates now', async ({ file, plugins }) => {
    const fresh = await generate(plugins);
    const committed = existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : '';
    const how = `npm run -s sia -- schema ${plugins.map((p) => `--plugin ${p} `).join('')}--out ${file}`;
    expect(committed === fresh, `${file} is out of date with the plugins' schemas; regenerate it with:\n  ${how}`).toBe(true);
  });

  it.each(SHIPPED)('%s starts with the yaml-language-server modeline of its folder\'s schema', (file) => {
    const first = readFileSync(join(ROOT, file), 'utf8').split('\n', 1)[0]!;
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m, `${file}: first line ${JSON.stringify(first)}`).not.toBeNull();
    const schema = join(ROOT, dirname(file), m![1]!);
    expect(COMMITTED.map((c) => c.file)).toContain(relative(ROOT, schema).split('\\').join('/'));
  });
});

/**
 * The committed schema as an editor sees it: the language service of VS Code's YAML extension
 * (yaml-language-server), finding the schema through each pipeline's modeline.
 */
describe('yaml-language-server with the committed schemas', () => {
  const service = getLanguageService({
    schemaRequestService: async (uri: string) => readFileSync(fileURLToPath(uri), 'utf8'),
    workspaceContext: { resolveRelativePath: (path: string, resource: string) => new URL(path, resource).href },
    clientCapabilities: { textDocument: { hover: { contentFormat: ['markdown'] }, completion: { completionItem: { documentationFormat: ['markdown'] } } } },
  });
  service.configure({ validate: true, completion: true, hover: true, schemas: [] });
  // The service caches parsed documents by URI and version: every text gets a version of its own.
  let version = 0;
  const open = (file: string, text = readFileSync(join(ROOT, file), 'utf8')) => TextDocument.create(pathToFileURL(join(ROOT, file)).href, 'yaml', ++version, text);
  const FILE = 'pipelines/ae-letters.yaml';
  const lines = readFileSync(join(ROOT, FILE), 'utf8').split('\n');
  const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));

  it.each(SHIPPED)('finds nothing wrong in %s', async (file) => {
    const problems = await service.doValidation(open(file), false);
    expect(problems.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)).toEqual([]);
  });

  it('underlines a misspelt optimizer and an unknown option where they are', async () => {
    const text = lines.join('\n').replace('type: adam', 'type: adma').replace('epochs: 3000', 'epochz: 3000');
    const problems = await service.doValidation(open(FILE, text), false);
    // (The messages are yaml-language-server's l10n keys here, without its message catalogue.)
    const lineOf = (d: { range: { start: { line: number } } }): number => d.range.start.line + 1;
    expect(problems.length, JSON.stringify(problems)).toBeGreaterThanOrEqual(2);
    expect(problems.map(lineOf)).toContain(at(/optimizer: \{ type: adam/) + 1);
    expect(problems.map(lineOf)).toContain(at(/^\s+epochs: 3000/) + 1);
    // Nothing else is flagged.
    expect(new Set(problems.map(lineOf)).size).toBe(2);
  });

  it('completes stage plugins, component names and option names', async () => {
    const labels = async (edit: (l: string[]) => { line: number; character: number }): Promise<string[]> => {
      const copy = [...lines];
      const position = edit(copy);
      return (await service.doComplete(open(FILE, copy.join('\n')), position, false)).items.map((i) => i.label);
    };
    const uses = at(/^\s+uses: train\/autoencoder/);
    expect(await labels((l) => ((l[uses] = '    uses: '), { line: uses, character: 10 }))).toEqual(expect.arrayContaining(['train/autoencoder', 'train/variational', 'sample/latent-grid']));
    const opt = at(/optimizer: \{ type: adam/);
    const indent = lines[opt]!.match(/^\s*/)![0];
    const type = await labels((l) => (l.splice(opt, 1, `${indent}optimizer:`, `${indent}  type: `), { line: opt + 1, character: indent.length + 8 }));
    expect(type.sort()).toEqual(['adam', 'gd', 'momentum']);
    const options = await labels((l) => (l.splice(opt, 1, `${indent}optimizer:`, `${indent}  type: adam`, `${indent}  `), { line: opt + 2, character: indent.length + 2 }));
    expect(options).toEqual(expect.arrayContaining(['rate', 'beta1', 'beta2']));
  });

  it("hovers with the plugins' descriptions", async () => {
    const hover = async (re: RegExp, word: string): Promise<string> => {
      const line = at(re);
      const h = await service.doHover(open(FILE), { line, character: lines[line]!.indexOf(word) + 1 });
      return JSON.stringify(h?.contents ?? '');
    };
    // Markdown: the service escapes the full stop.
    expect(await hover(/^\s+epochs: 3000/, 'epochs')).toMatch(/train\/autoencoder.*Epoch budget/);
    expect(await hover(/optimizer: \{ type: adam/, 'adam')).toContain('Adam with bias correction');
  });
});
