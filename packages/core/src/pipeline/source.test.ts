import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { posOf, tempDir, writeFixture } from './__fixtures__/fake-plugins.js';
import { pipelinePluginRequests } from './requests.js';
import { readPipelineFile } from './source.js';

describe('readPipelineFile', () => {
  it('reports every YAML syntax error with its line and column', () => {
    const text = 'name: x\nstages:\n  a: { uses: dataset/letters\n  b: 1\nc: {x: 1, x: 2}\n';
    const file = writeFixture(text);
    const r = readPipelineFile(file);
    expect(r.isErr()).toBe(true);
    const errors = r._unsafeUnwrapErr();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const e of errors) expect(e).toMatchObject({ code: 'yaml/parse', file });
    // The duplicate key is reported at the second `x`, after the unclosed flow map.
    expect(errors.at(-1)).toMatchObject({ ...posOf(text, 'x: 2') });
    expect(errors.at(-1)!.message).toContain('unique');
  });

  it('a missing file is io/not-found naming the file', () => {
    const file = join(tempDir(), 'nope.yaml');
    expect(readPipelineFile(file)._unsafeUnwrapErr()).toEqual([{ code: 'io/not-found', message: `pipeline file not found: ${file}`, file }]);
  });

  it('a folder is io/unreadable', () => {
    const dir = tempDir();
    expect(readPipelineFile(dir)._unsafeUnwrapErr()[0]).toMatchObject({ code: 'io/unreadable', file: dir });
  });

  it('keeps the absolute folder of the file, for relative paths', () => {
    const dir = join(tempDir(), 'sub');
    mkdirSync(dir);
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'name: x\n');
    expect(readPipelineFile(file)._unsafeUnwrap().baseDir).toBe(dir);
  });
});

describe('pipelinePluginRequests', () => {
  it('reads the plugins list before any validation, with positions', () => {
    const text = 'name: x\nbogus: true\nplugins:\n  - ./my-plugin.js\n  - sia-plugin-foo\n';
    const file = writeFixture(text);
    const requests = pipelinePluginRequests(readPipelineFile(file)._unsafeUnwrap())._unsafeUnwrap();
    expect(requests).toEqual([
      { specifier: './my-plugin.js', file, ...posOf(text, './my'), path: 'plugins[0]' },
      { specifier: 'sia-plugin-foo', file, ...posOf(text, 'sia-plugin'), path: 'plugins[1]' },
    ]);
  });

  it('no plugins key means none', () => {
    const file = writeFixture('name: x\n');
    expect(pipelinePluginRequests(readPipelineFile(file)._unsafeUnwrap())._unsafeUnwrap()).toEqual([]);
  });

  it('a plugins entry that is not a string is an error at the entry', () => {
    const text = 'name: x\nplugins: [ok-plugin, 3, {a: 1}]\n';
    const file = writeFixture(text);
    const errors = pipelinePluginRequests(readPipelineFile(file)._unsafeUnwrap())._unsafeUnwrapErr();
    expect(errors.map((e) => [e.code, e.path, e.line, e.column])).toEqual([
      ['schema/invalid', 'plugins[1]', 2, posOf(text, '3').column],
      ['schema/invalid', 'plugins[2]', 2, posOf(text, '{a').column],
    ]);
  });

  it('plugins that is not a list is an error', () => {
    const text = 'name: x\nplugins: one-plugin\n';
    const errors = pipelinePluginRequests(readPipelineFile(writeFixture(text))._unsafeUnwrap())._unsafeUnwrapErr();
    expect(errors[0]).toMatchObject({ code: 'schema/invalid', path: 'plugins', ...posOf(text, 'one-plugin') });
  });
});
