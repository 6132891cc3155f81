import ora, { type Ora } from 'ora';
import type { Progress, StageEnd, StageInfo } from '@sia/core';
import type { CliReporter, ReporterStreams } from './cli-reporter.js';
import { formatDuration, formatProgress, formatTrained } from './format.js';
import { RateWindow } from './rate-window.js';

export interface OraReporterOptions extends ReporterStreams {
  /** Minimum ms between two redraws (default 80): the training loop must not pay for drawing. */
  readonly redrawMs?: number;
  /** Forces the spinner on or off (ora decides from the stream when omitted). */
  readonly isEnabled?: boolean;
  readonly now?: () => number;
}

/**
 * Progress on a terminal: one ora spinner per running stage showing epoch/epochs, loss, rate
 * and time left; a finished stage stays as a persisted line with its time (and "cached").
 * The only module that imports ora.
 *
 * Training runs synchronously on the main thread, so ora's own timer rarely fires while a
 * stage trains: the spinner is redrawn explicitly on progress, at most every `redrawMs`.
 */
export class OraReporter implements CliReporter {
  readonly #spinner: Ora;
  readonly #err: NodeJS.WritableStream;
  readonly #out: NodeJS.WritableStream;
  readonly #redrawMs: number;
  readonly #now: () => number;
  #lastDraw = 0;
  #stage: StageInfo | undefined;
  /** The last progress received (every report, drawn or not): the stage's end line shows it. */
  #last: Progress | undefined;
  readonly #rate = new RateWindow();

  constructor(options: OraReporterOptions) {
    this.#err = options.err;
    this.#out = options.out;
    this.#redrawMs = options.redrawMs ?? 80;
    this.#now = options.now ?? Date.now;
    this.#spinner = ora({
      stream: options.err,
      // Raw-mode stdin would delay Ctrl+C while a synchronous training loop holds the thread.
      discardStdin: false,
      // A visible cursor: nothing to restore if the process is killed outright (kill -9).
      hideCursor: false,
      ...(options.isEnabled === undefined ? {} : { isEnabled: options.isEnabled }),
    });
  }

  onPipelineStart(info: { name: string; outDir: string; stages: readonly StageInfo[] }): void {
    this.#err.write(`${info.name}: ${info.stages.length} stages -> ${info.outDir}\n`);
  }

  onStageStart(stage: StageInfo): void {
    this.#stage = stage;
    this.#last = undefined;
    this.#rate.reset();
    this.#lastDraw = this.#now();
    this.#spinner.start(`${stage.id}  ${stage.uses}`);
  }

  onEpochEnd(stage: StageInfo, progress: Progress): void {
    this.#last = progress;
    this.#rate.add(progress);
    const now = this.#now();
    if (now - this.#lastDraw < this.#redrawMs) return;
    this.#lastDraw = now;
    this.#spinner.text = `${stage.id}  ${formatProgress(progress, this.#rate.rate(progress))}`;
    this.#spinner.render();
  }

  onStageEnd(stage: StageInfo, end: StageEnd): void {
    const trained = formatTrained(this.#last);
    const how = end.cached ? '  (cached)' : '';
    this.#spinner.succeed(`${stage.id}  ${stage.uses}${trained}  ${formatDuration(end.ms)}${how}`);
    this.#stage = undefined;
    this.#last = undefined;
  }

  onLog(_stage: StageInfo | undefined, message: string): void {
    // Lift the spinner off the line, print, and put it back.
    const spinning = this.#spinner.isSpinning;
    if (spinning) this.#spinner.clear();
    this.#out.write(`${message}\n`);
    if (spinning) this.#spinner.render();
  }

  onPipelineEnd(summary: { outDir: string; ms: number; ok: boolean; interrupted?: boolean }): void {
    if (!summary.ok) this.close(false, summary.interrupted === true);
  }

  close(ok: boolean, interrupted = false): void {
    if (!this.#spinner.isSpinning) return;
    if (ok) this.#spinner.stop();
    else if (interrupted) this.#spinner.warn(`${this.#stage?.id ?? 'run'}  interrupted`);
    else this.#spinner.fail(`${this.#stage?.id ?? 'run'}  failed`);
  }
}
