import type { Reporter } from '@sia/core';

/** A reporter the CLI owns: besides the engine's hooks it can be closed when a run ends early. */
export interface CliReporter extends Reporter {
  /** Stops any live display (a spinner); `ok` false marks the current stage as failed, or as interrupted. */
  close(ok: boolean, interrupted?: boolean): void;
}

/** Where reporters write. Progress goes to `err` (stderr) so stdout keeps only results. */
export interface ReporterStreams {
  /** Progress, stage lines. */
  readonly err: NodeJS.WritableStream;
  /** Log lines (tables) and results. */
  readonly out: NodeJS.WritableStream;
}

/** `--quiet`: no progress and no stage lines; log lines (results such as tables) still print. */
export function quietReporter(streams: ReporterStreams): CliReporter {
  return {
    onLog(_stage, message) {
      streams.out.write(`${message}\n`);
    },
    close() {},
  };
}
