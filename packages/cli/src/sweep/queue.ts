import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { runTrial, type TrialResult, type TrialTask } from './trial.js';

/** The BullMQ queue every sweep and worker shares (jobs are keyed by their content). */
export const QUEUE_NAME = 'sia-trials';

/**
 * A job's lock lasts this long and is renewed at half of it while the trial runs (training gives
 * the event loop a turn every 50 ms); a worker killed mid-trial lets it lapse, and the next
 * stalled-job check (every STALLED_MS) puts the job back for another worker.
 */
const LOCK_MS = 10_000;
const STALLED_MS = 5_000;

function connect(url: string): Redis {
  // BullMQ's workers block on Redis: it asks for no per-request retry limit.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** What travels through the queue: the task without its folder (each worker has its own). */
type JobData = Omit<TrialTask, 'dir'> & { readonly sweep: string };

/** A job id from the trial's content: the same trial of the same sweep is one job, also on a rerun. */
function jobId(data: JobData): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 32);
}

/**
 * The sweep's side: adds one job per trial to the queue and waits for each result, which a worker
 * (`sia worker`, on any machine with the same files) sends back. Jobs finished by an earlier
 * run of the same sweep answer at once. When `signal` aborts, the jobs not yet taken are removed.
 */
export async function runOnQueue(url: string, tasks: readonly TrialTask[], onResult: (r: TrialResult) => void, signal?: AbortSignal): Promise<void> {
  const connections = [connect(url), connect(url)];
  const queue = new Queue(QUEUE_NAME, { connection: connections[0]! });
  const events = new QueueEvents(QUEUE_NAME, { connection: connections[1]! });
  await events.waitUntilReady();
  const sweep = createHash('sha256').update(JSON.stringify(tasks.map((t) => t.sets))).digest('hex').slice(0, 12);
  const jobs: Job[] = [];
  for (const t of tasks) {
    const { dir: _dir, ...rest } = t;
    const data: JobData = { ...rest, sweep };
    jobs.push(await queue.add('trial', data, { jobId: jobId(data), attempts: 3, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } }));
  }
  const stop = new Promise<'stop'>((done) => {
    if (signal?.aborted === true) done('stop');
    signal?.addEventListener('abort', () => done('stop'), { once: true });
  });
  try {
    await Promise.all(
      jobs.map(async (job, i) => {
        const task = tasks[i]!;
        const got = await Promise.race([job.waitUntilFinished(events).then((v: unknown) => v as TrialResult, (e: unknown) => ({ error: e })), stop]);
        if (got === 'stop') return;
        if ('error' in got && !('status' in got)) {
          onResult({ id: task.id, status: 'failed', seconds: 0, dir: '', metrics: {}, reused: false, error: String((got.error as Error)?.message ?? got.error) });
          return;
        }
        onResult(got as TrialResult);
      }),
    );
  } finally {
    if (signal?.aborted === true) {
      for (const job of jobs) {
        if ((await job.getState()) === 'waiting') await job.remove().catch(() => undefined);
      }
    }
    await events.close();
    await queue.close();
    // Connections handed to BullMQ stay open after close(): end them, so the process can exit.
    await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
  }
}

export interface WorkerOptions {
  readonly url: string;
  /** Trial run folders go to `<out>/<sweep>/<trial>` (default `sia-worker` in the cwd). */
  readonly out: string;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

/**
 * `sia worker`: takes trials from the queue and runs each as an ordinary run, until `signal`
 * aborts. A trial interrupted by that stop (or by a kill) goes back to the queue: the stop makes
 * the job fail this attempt (BullMQ retries it, up to 3 attempts), a kill lets its lock lapse.
 */
export async function runWorker(options: WorkerOptions, signal: AbortSignal): Promise<void> {
  const root = resolve(options.out);
  const host = hostname();
  const connection = connect(options.url);
  const worker = new Worker<JobData, TrialResult>(
    QUEUE_NAME,
    async (job) => {
      const dir = join(root, job.data.sweep, job.data.id);
      options.log(`${job.data.id} start (job ${job.id}, attempt ${job.attemptsMade + 1})`);
      const result = await runTrial({ ...job.data, dir }, signal);
      if (result.status === 'interrupted') throw new Error(`${job.data.id} interrupted on ${host}: back to the queue`);
      options.log(`${job.data.id} ${result.status} in ${result.seconds.toFixed(1)} s -> ${dir}`);
      return { ...result, dir: `${host}:${dir}` };
    },
    { connection, concurrency: options.concurrency, lockDuration: LOCK_MS, stalledInterval: STALLED_MS, maxStalledCount: 3 },
  );
  worker.on('error', (e) => options.log(`queue error: ${e.message}`));
  await worker.waitUntilReady();
  options.log(`waiting for trials on ${options.url} (queue ${QUEUE_NAME}, ${options.concurrency} at a time; runs in ${root})`);
  await new Promise<void>((done) => {
    if (signal.aborted) done();
    signal.addEventListener('abort', () => done(), { once: true });
  });
  await worker.close();
  await connection.quit().catch(() => undefined);
}
