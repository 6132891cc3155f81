import { totalmem } from 'node:os';
import { estimateModelCost, type ModelPlan } from '@sia/core';

/**
 * How much memory a training stage may plan for: `SIA_MEMORY_LIMIT` gigabytes when set, else half
 * of this machine's memory.
 */
export function memoryLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const gb = Number(env.SIA_MEMORY_LIMIT);
  return Number.isFinite(gb) && gb > 0 ? gb * 2 ** 30 : totalmem() / 2;
}

/** Why `bytes` for `what` (with `detail` in parentheses) would not fit in the memory limit, or undefined. */
export function overLimit(bytes: number, what: string, env: NodeJS.ProcessEnv = process.env, detail?: string | (() => string)): string | undefined {
  const limit = memoryLimitBytes(env);
  if (bytes <= limit) return undefined;
  if (typeof detail === 'function') detail = detail();
  const which = env.SIA_MEMORY_LIMIT ? 'SIA_MEMORY_LIMIT' : "half of this machine's memory; SIA_MEMORY_LIMIT=<gigabytes> raises it";
  return `${what} would need about ${size(bytes)}${detail !== undefined ? ` (${detail})` : ''}, above the limit of ${size(limit)} (${which})`;
}

const size = (bytes: number): string => (bytes < 2 ** 30 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 2 ** 30).toFixed(1)} GB`);

/**
 * Why `plan`, trained in batches of `rows`, would not fit in the memory limit, or undefined. The
 * estimate comes from the layers' stated costs, before anything is allocated.
 */
export function overMemoryLimit(plan: ModelPlan, rows: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cost = estimateModelCost(plan, rows);
  // The detail only when it is needed: the first toLocaleString of a process costs ~25 ms (ICU).
  return overLimit(cost.bytes, 'this model', env, () => `${cost.params.toLocaleString('en-US')} parameters, batches of ${rows}`);
}
