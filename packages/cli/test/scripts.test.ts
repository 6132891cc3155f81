import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PIPELINES, ROOT, spawnCollect, type SiaResult } from './sia.js';

/** Runs a command in the repository root, as a user typing it there. */
const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<SiaResult> => spawnCollect(command, args, { cwd: ROOT, env: { ...process.env, ...env } });

describe('the root scripts', () => {
  it('npm run sia -- <args> passes every flag through to the command', async () => {
    const good = join(PIPELINES, 'good.yaml');
    const ok = await run('npm', ['run', '--silent', 'sia', '--', 'validate', good, '--seed', '3', '--set', 'stages.model.with.epochs=2']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('ok: 3 stages\n');
    const bad = await run('npm', ['run', '--silent', 'sia', '--', 'validate', good, '--set', 'stages.model.with.epochs=0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('good.yaml (--set stages.model.with.epochs=0) at stages.model.with.epochs: must be > 0, got 0');
  });

  it('scripts/sia.mjs runs in the folder npm was called from (INIT_CWD)', async () => {
    const r = await run(process.execPath, [join('scripts', 'sia.mjs'), 'validate', 'good.yaml'], { INIT_CWD: PIPELINES });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('ok: 3 stages\n');
  });
});
