import type { MessagePort } from 'node:worker_threads';
import { runTrial, type TrialResult, type TrialTask } from './trial.js';

/**
 * A piscina worker: runs one trial in this thread. The port carries the sweep's interrupt: any
 * message aborts the run, which then stops at its next batch boundary and saves a checkpoint.
 */
export default async function trialWorker({ task, port }: { task: TrialTask; port: MessagePort }): Promise<TrialResult> {
  const controller = new AbortController();
  port.on('message', () => controller.abort());
  try {
    return await runTrial(task, controller.signal);
  } finally {
    port.close();
  }
}
