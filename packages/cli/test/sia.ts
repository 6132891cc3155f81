import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The built command, as `npm run sia` and the `sia` bin run it. */
export const MAIN: string = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
export const FIXTURES: string = join(ROOT, 'packages', 'cli', 'test', 'fixtures');
export const PIPELINES: string = join(FIXTURES, 'pipelines');

export interface SiaResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node dist/main.js ...args` as a user would (no TTY, so plain progress lines), in `cwd`
 * (default: the fixture pipelines folder, so file names in messages are short).
 */
export function sia(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<SiaResult> {
  return spawnCollect(process.execPath, [MAIN, ...args], { cwd: options.cwd ?? PIPELINES, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env } });
}

/**
 * Runs a command with no stdin and collects its exit code, stdout and stderr (npm and npx are
 * .cmd shims on Windows: a shell finds them there).
 */
export function spawnCollect(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<SiaResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' && command !== process.execPath });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A fresh temporary folder, and a way to remove it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { existsSync };
