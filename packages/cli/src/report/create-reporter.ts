import type { CliReporter, ReporterStreams } from './cli-reporter.js';
import { quietReporter } from './cli-reporter.js';
import { PlainReporter } from './plain-reporter.js';

export interface ReporterChoice extends ReporterStreams {
  readonly quiet: boolean;
  /** Environment, to recognise CI and dumb terminals (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * `--quiet`: no progress. A terminal (stderr is a TTY with a width, not CI, not TERM=dumb): the ora spinner,
 * loaded only then. Anything else (a pipe, a log file, CI): plain lines every few seconds.
 */
export async function createReporter(choice: ReporterChoice): Promise<CliReporter> {
  if (choice.quiet) return quietReporter(choice);
  const env = choice.env ?? process.env;
  const stream = choice.err as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  // A pseudo-terminal can report 0 columns (e.g. under `script`); ora then computes an infinite
  // number of lines to clear, so such a terminal gets plain lines.
  const tty = stream.isTTY === true && (stream.columns ?? 0) > 0;
  if (tty && !env.CI && env.TERM !== 'dumb') {
    const { OraReporter } = await import('./ora-reporter.js');
    return new OraReporter({ err: choice.err, out: choice.out });
  }
  return new PlainReporter({ err: choice.err, out: choice.out });
}
