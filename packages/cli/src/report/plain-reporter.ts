import type { Progress, StageEnd, StageInfo } from '@sia/core';
import type { CliReporter, ReporterStreams } from './cli-reporter.js';
import { formatClock, formatDuration, formatNumber, formatProgress } from './format.js';
import { RateWindow } from './rate-window.js';

export interface PlainReporterOptions extends ReporterStreams {
  /** Milliseconds between two progress lines of one stage (default 5000). */
  readonly intervalMs?: number;
  /** Clock in ms (injected by tests). */
  readonly now?: () => number;
}

/**
 * Progress for logs and pipes (no TTY): one plain line per stage start and end, and a progress
 * line at most every `intervalMs` plus the last one when the stage ends, so a CI log shows the
 * trend without thousands of lines. Lines carry the wall-clock time.
 */
export class PlainReporter implements CliReporter {
  readonly #err: NodeJS.WritableStream;
  readonly #out: NodeJS.WritableStream;
  readonly #intervalMs: number;
  readonly #now: () => number;
  /** When the last progress line (or the stage start) was printed. */
  #lastLine = 0;
  /** Progress received since the last printed line, printed at the end of the stage. */
  #pending: Progress | undefined;
  /** The stage running now (to name it when the run stops early). */
  #stage: StageInfo | undefined;
  /** The last progress received (printed or not): the stage's end line shows its epoch and loss. */
  #last: Progress | undefined;
  readonly #rate = new RateWindow();

  constructor(options: PlainReporterOptions) {
    this.#err = options.err;
    this.#out = options.out;
    this.#intervalMs = options.intervalMs ?? 5000;
    this.#now = options.now ?? Date.now;
  }

  #line(text: string): void {
    this.#err.write(`${formatClock(this.#now())} ${text}\n`);
  }

  onPipelineStart(info: { name: string; outDir: string; stages: readonly StageInfo[] }): void {
    this.#line(`${info.name}: ${info.stages.length} stages -> ${info.outDir}`);
  }

  onStageStart(stage: StageInfo): void {
    this.#lastLine = this.#now();
    this.#pending = undefined;
    this.#last = undefined;
    this.#rate.reset();
    this.#stage = stage;
    this.#line(`[${stage.id}] start ${stage.uses}`);
  }

  onEpochEnd(stage: StageInfo, progress: Progress): void {
    this.#last = progress;
    this.#rate.add(progress);
    const now = this.#now();
    if (now - this.#lastLine >= this.#intervalMs) {
      this.#lastLine = now;
      this.#pending = undefined;
      this.#line(`[${stage.id}] ${formatProgress(progress, this.#rate.rate(progress))}`);
    } else {
      this.#pending = progress;
    }
  }

  onStageEnd(stage: StageInfo, end: StageEnd): void {
    if (this.#pending !== undefined) this.#line(`[${stage.id}] ${formatProgress(this.#pending, this.#rate.rate(this.#pending))}`);
    const last = this.#last;
    const trained = last !== undefined ? `, ${last.epoch} epochs, loss ${formatNumber(last.loss)}` : '';
    this.#pending = undefined;
    this.#last = undefined;
    this.#stage = undefined;
    const files = end.files.length > 0 ? `, ${end.files.length} file${end.files.length === 1 ? '' : 's'}` : '';
    const how = end.cached ? 'cached' : 'done';
    this.#line(`[${stage.id}] ${how} in ${formatDuration(end.ms)}${trained}${files}`);
  }

  onLog(_stage: StageInfo | undefined, message: string): void {
    this.#out.write(`${message}\n`);
  }

  /** When the run stops in a stage, the last progress seen shows where (e.g. the epoch the loss blew up). */
  close(ok: boolean): void {
    if (!ok && this.#stage !== undefined && this.#pending !== undefined) this.#line(`[${this.#stage.id}] ${formatProgress(this.#pending, this.#rate.rate(this.#pending))}`);
    this.#pending = undefined;
    this.#stage = undefined;
  }
}
