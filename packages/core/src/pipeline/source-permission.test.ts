import { describe, expect, it, vi } from 'vitest';

// As root (CI and these machines) chmod 000 does not stop a read, so the permission error is
// simulated where the file is read: readFileSync throws EACCES as Node does for such a file.
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return {
    ...fs,
    readFileSync: (file: string, ...rest: unknown[]) => {
      if (String(file).endsWith('locked.yaml')) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
      }
      return (fs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
    },
  };
});

const { readPipelineFile } = await import('./source.js');

describe('readPipelineFile', () => {
  it('a file without read permission is io/unreadable, saying why', () => {
    const e = readPipelineFile('/somewhere/locked.yaml')._unsafeUnwrapErr()[0];
    expect(e).toMatchObject({ code: 'io/unreadable', file: '/somewhere/locked.yaml' });
    expect(e?.message).toContain('permission denied');
  });
});
