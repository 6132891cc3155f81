import type { CheckError } from '@sia/core';

/** A stage check's refusal: bad input (exit 2) at `path` inside the stage's `with:`. */
export function checkError(message: string, path: readonly (string | number)[]): CheckError {
  return Object.assign(new Error(message), { code: 'data/invalid' as const, path });
}
