import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { TrialResult, TrialTask } from './trial.js';

/**
 * Runs trials on `workers` worker threads (piscina), each trial an ordinary run in its own folder.
 * Results arrive in `onResult` as trials finish; the returned list is in task order. When
 * `signal` aborts, every running trial is told to stop (it saves a checkpoint and reports itself
 * interrupted) and trials not started are not started.
 */
export async function runLocal(tasks: readonly TrialTask[], workers: number, onResult: (r: TrialResult) => void, signal?: AbortSignal): Promise<(TrialResult | undefined)[]> {
  const pool = new Piscina({ filename: new URL('./trial-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  const ports = new Set<MessageChannel['port1']>();
  const stop = (): void => {
    for (const p of ports) p.postMessage('stop');
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    return await Promise.all(
      tasks.map(async (task) => {
        if (signal?.aborted === true) return undefined;
        const channel = new MessageChannel();
        ports.add(channel.port1);
        try {
          // A task still queued when the sweep is interrupted starts, sees the abort, and stops at once.
          if ((signal as AbortSignal | undefined)?.aborted === true) channel.port1.postMessage('stop');
          const result = (await pool.run({ task, port: channel.port2 }, { transferList: [channel.port2] })) as TrialResult;
          onResult(result);
          return result;
        } finally {
          ports.delete(channel.port1);
          channel.port1.close();
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', stop);
    await pool.destroy();
  }
}
