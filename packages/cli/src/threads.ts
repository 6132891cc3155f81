import { parseThreads, setThreads } from '@sia/core';

/**
 * The kernel thread count of a command from `--threads` (`flag`) or `SIA_THREADS`, checked.
 * Returns the count (or `undefined`: neither was given, the command's own default applies) or
 * an error message for bad input.
 */
export function threadsOption(flag: string | undefined): { threads: number | undefined } | string {
  if (flag !== undefined) {
    const n = parseThreads(flag);
    return n === undefined ? `--threads expects a whole number from 1 to 256, got '${flag}'` : { threads: n };
  }
  const env = process.env.SIA_THREADS;
  if (env === undefined || env === '') return { threads: undefined };
  const n = parseThreads(env);
  return n === undefined ? `SIA_THREADS expects a whole number from 1 to 256, got '${env}'` : { threads: n };
}

/**
 * Applies `--threads` / `SIA_THREADS` to this process (`sia run`): without either, every core
 * (core splits only products big enough to gain, so small models stay on one thread). Returns an
 * error message for bad input, `undefined` when applied.
 */
export function applyThreads(flag: string | undefined): string | undefined {
  const option = threadsOption(flag);
  if (typeof option === 'string') return option;
  setThreads(option.threads);
  return undefined;
}
