import { Worker } from 'node:worker_threads';
import type { RenderedChart } from './render.js';

/** What the main thread sees of the chart worker. */
export interface ChartWorker {
  /** The chart drawn on the worker, or undefined when the worker failed (the caller draws it itself). */
  render(spec: object): Promise<RenderedChart | undefined>;
  close(): void;
}

let current: ChartWorker | undefined;

/** The chart worker `startChartWorker` started, while it works. */
export function chartWorker(): ChartWorker | undefined {
  return current;
}

/** The worker's module: the build beside this file (from the sources, as in the tests, the one in dist). */
function workerFile(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? '../dist/chart-worker-main.js' : './chart-worker-main.js', here);
}

/**
 * The thread's flags without `--conditions`: a test runner's 'source' condition would send the
 * worker's imports to TypeScript files. (@sia/core has the same as `workerExecArgv`; this package
 * depends on no other sia package, so it keeps its own eight lines.)
 */
function withoutConditions(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conditions' || a === '-C') i++;
    else if (!a.startsWith('--conditions=') && !a.startsWith('-C=')) out.push(a);
  }
  return out;
}

/**
 * Starts a worker thread that loads vega and vega-lite at once and then draws every chart
 * `renderChart` is asked for (Node only). A run calls it before its stages: the 0.3 s of loading
 * those libraries then pass on the second core while the first stages (data, training) run, and
 * the main thread never loads them. The worker holds the process open only while a chart is being
 * drawn. Idempotent; `close` (or the worker's failure) returns to drawing on the calling thread.
 */
export function startChartWorker(): ChartWorker {
  if (current !== undefined) return current;
  const pending = new Map<number, (drawn: RenderedChart | undefined) => void>();
  let next = 0;
  let worker: Worker | undefined;
  const fail = (): void => {
    for (const done of pending.values()) done(undefined);
    pending.clear();
    if (current === handle) current = undefined;
    void worker?.terminate();
    worker = undefined;
  };
  try {
    worker = new Worker(workerFile(), { execArgv: withoutConditions(process.execArgv) });
    worker.unref();
    worker.on('message', (m: { id: number; svg?: string; png?: Uint8Array; error?: string }) => {
      const done = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) worker?.unref();
      done?.(m.svg !== undefined && m.png !== undefined ? { svg: m.svg, png: new Uint8Array(m.png) } : undefined);
    });
    worker.on('error', fail);
    worker.on('exit', fail);
  } catch {
    worker = undefined;
  }
  const handle: ChartWorker = {
    render(spec) {
      if (worker === undefined) return Promise.resolve(undefined);
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        worker!.ref();
        try {
          worker!.postMessage({ id, spec });
        } catch {
          pending.delete(id);
          resolve(undefined);
        }
      });
    },
    close: fail,
  };
  if (worker !== undefined) current = handle;
  return handle;
}
