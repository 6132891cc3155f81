import { formatError, isRunFailure, type SiaError } from '@sia/core';
import { EXIT_BAD_INPUT, EXIT_RUN_FAILED } from './exit-codes.js';

/** Prints one line per error (`file:line:column at path: message (hint) [code]`) and returns the exit code they call for. */
export function reportErrors(errors: readonly SiaError[], stream: NodeJS.WritableStream = process.stderr): number {
  for (const e of errors) stream.write(`${formatError(e)}\n`);
  return errors.some(isRunFailure) ? EXIT_RUN_FAILED : EXIT_BAD_INPUT;
}
