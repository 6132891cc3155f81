import { drive } from './drive.js';
import { fitEpochs, type FitData, type FitOptions, type FitResult } from './fit.js';
import type { Trainable } from './step.js';

/**
 * `fit` that yields to the event loop at least every `everyMs` (default 16 ms, a frame), so a
 * page stays responsive and a server keeps answering while a model trains; `signal` stops it at
 * the next batch boundary (the result is then undefined). The same bits as `fit`.
 */
export async function fitAsync(model: Trainable, data: FitData, options: FitOptions & { readonly everyMs?: number; readonly signal?: AbortSignal }): Promise<FitResult | undefined> {
  const { everyMs = 16, signal, ...fitOptions } = options;
  const driven = await drive(fitEpochs(model, data, { ...fitOptions, pauseMs: Math.min(fitOptions.pauseMs ?? everyMs, everyMs) }), { everyMs, ...(signal !== undefined ? { signal } : {}) });
  return driven.interrupted ? undefined : driven.result;
}
