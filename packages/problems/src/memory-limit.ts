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

/** Why `bytes` for `what` would not fit in the memory limit, or undefined. */
export function overLimit(bytes: number, what: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const limit = memoryLimitBytes(env);
  if (bytes <= limit) return undefined;
  const which = env.SIA_MEMORY_LIMIT ? 'SIA_MEMORY_LIMIT' : "half of this machine's memory; SIA_MEMORY_LIMIT=<gigabytes> raises it";
  return `${what} would need about ${size(bytes)}, above the limit of ${size(limit)} (${which})`;
}

const size = (bytes: number): string => (bytes < 2 ** 30 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 2 ** 30).toFixed(1)} GB`);

/**
 * Why `plan`, trained in batches of `rows`, would not fit in the memory limit, or undefined. The
 * estimate comes from the layers' stated costs, before anything is allocated.
 */
export function overMemoryLimit(plan: ModelPlan, rows: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const limit = memoryLimitBytes(env);
  const cost = estimateModelCost(plan, rows);
  if (cost.bytes <= limit) return undefined;
  const params = cost.params.toLocaleString('en-US');
  const which = env.SIA_MEMORY_LIMIT ? 'SIA_MEMORY_LIMIT' : "half of this machine's memory; SIA_MEMORY_LIMIT=<gigabytes> raises it";
  return `this model would need about ${size(cost.bytes)} (${params} parameters, batches of ${rows}), above the limit of ${size(limit)} (${which})`;
}
