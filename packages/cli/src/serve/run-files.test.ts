import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentType, runFile } from './run-files.js';

const base = mkdtempSync(join(tmpdir(), 'sia-run-files-'));
const root = join(base, 'run');
mkdirSync(join(root, 'plane'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<h1>run</h1>');
writeFileSync(join(root, 'plane', 'plane.png'), 'png');
writeFileSync(join(base, 'secret.txt'), 'secret');
symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('runFile', () => {
  it('serves the run folder’s files, index.html for the folder itself', () => {
    expect(runFile(root, '')).toMatch(/index\.html$/);
    expect(runFile(root, 'plane/plane.png')).toMatch(/plane\.png$/);
    expect(contentType('plane/plane.png')).toBe('image/png');
  });
  it('refuses paths leading out of the folder, folders, and missing files', () => {
    for (const p of ['../secret.txt', 'plane/../../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt', '/etc/passwd', '%2Fetc%2Fpasswd', 'leak.txt', 'plane', 'missing.png', '%zz', 'a%00b']) {
      expect(runFile(root, p), p).toBeUndefined();
    }
  });
});
