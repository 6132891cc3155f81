import type { Reporter } from '@sia/core';
import type { CliReporter } from '../report/cli-reporter.js';
import { LiveServer } from './live-server.js';
import { LiveState } from './live-state.js';

/** A run watched live (`sia run --serve`): the server and the reporter feeding it. */
export interface LiveRun {
  readonly url: string;
  /** Starts serving the run folder (once it is claimed). */
  serveRun(dir: string): void;
  /** The terminal's reporter with the live view's beside it. */
  reporter(inner: CliReporter): CliReporter;
  /** The run ended: the page is told, and the server closes (after the page loaded the report, or on Ctrl-C with `stay`). */
  end(status: 'done' | 'failed' | 'interrupted'): Promise<void>;
}

/** Both reporters hear every event, the terminal's first. */
function tee(inner: CliReporter, live: Reporter): CliReporter {
  return {
    onPipelineStart: (i) => (inner.onPipelineStart?.(i), live.onPipelineStart?.(i)),
    onStageStart: (s) => (inner.onStageStart?.(s), live.onStageStart?.(s)),
    onEpochEnd: (s, p) => (inner.onEpochEnd?.(s, p), live.onEpochEnd?.(s, p)),
    onStageEnd: (s, e) => (inner.onStageEnd?.(s, e), live.onStageEnd?.(s, e)),
    onPipelineEnd: (x) => (inner.onPipelineEnd?.(x), live.onPipelineEnd?.(x)),
    onLog: (s, m) => inner.onLog?.(s, m),
    close: (ok, interrupted) => inner.close(ok, interrupted),
  };
}

/**
 * Opens the live view before anything is written, so that a port in use is bad input with nothing
 * written. `stay` (`--serve-after`): the server keeps serving the report after the run, until
 * Ctrl-C or SIGTERM. An interrupted run closes the server at once.
 */
export async function openLive(port: number, stay: boolean, err: NodeJS.WritableStream): Promise<LiveRun | string> {
  const server = await LiveServer.listen(port);
  if (typeof server === 'string') return server;
  const state = new LiveState({ emit: (s) => server.push(s), watched: () => server.watched() });
  return {
    url: server.url,
    serveRun: (dir) => server.serveRun(dir),
    reporter: (inner) => tee(inner, state),
    async end(status) {
      const keep = stay && status !== 'interrupted';
      if (!keep) return server.end({ status, report: status !== 'interrupted' }, false);
      await server.end({ status, report: true }, true);
      err.write(`sia: the report stays at ${server.url}report/index.html; Ctrl-C stops serving\n`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
    },
  };
}
