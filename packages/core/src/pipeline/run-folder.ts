import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileWhole } from '../io/write-file.js';
import { join } from 'node:path';
import { renderIndex, type PageRenderer, type StageRecord } from './index-html.js';
import type { PipelinePlan } from './plan.js';
import { pluginVersions, resolvedYaml } from './resolved.js';

/**
 * The run folder's bookkeeping files: `pipeline.resolved.yaml` first, then `metrics.json`,
 * `index.html` and `run.log` rewritten after every stage, so that a failure part-way leaves a
 * consistent folder showing everything done so far (and the failure).
 */
/** The run's own record in metrics.json, under a key no stage can have (stage ids start with a letter or _). */
export const RUN_KEY = '$run';

/** How the run came about and how it ended: metrics.json's `$run`. */
export interface RunInfo {
  readonly pipeline: string;
  readonly file: string;
  readonly seed: number;
  readonly overrides: readonly string[];
  readonly sia: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly started: string;
  /** null while the run is going. */
  readonly ended: string | null;
  readonly status: 'running' | 'done' | 'failed' | 'interrupted';
}

export class RunFolder {
  readonly outDir: string;
  readonly #plan: PipelinePlan;
  readonly #date: string;
  readonly #versions: Record<string, string>;
  readonly #resolved: string;
  readonly #stages: StageRecord[];
  readonly #log: string[] = [];
  readonly #sia: string;
  readonly #page: PageRenderer;
  #ended: string | null = null;
  #status: RunInfo['status'] = 'running';

  /** `page` writes index.html (default core's plain {@link renderIndex}). */
  constructor(outDir: string, plan: PipelinePlan, date: Date = new Date(), sia = '0.0.0', page: PageRenderer = renderIndex) {
    this.#sia = sia;
    this.#page = page;
    this.outDir = outDir;
    this.#plan = plan;
    this.#date = date.toISOString();
    this.#versions = pluginVersions(plan);
    this.#resolved = resolvedYaml(plan, this.#versions, this.#date);
    this.#stages = plan.stages.map((s) => ({ id: s.id, uses: s.uses, description: s.plugin.description, inputs: s.inputs, status: 'pending', files: [] }));
  }

  /**
   * Creates the folder and writes the resolved pipeline. With `resume`, the folder's run log is
   * kept, and the new lines follow it. Throws on a file-system error.
   */
  start(resume = false): void {
    mkdirSync(this.outDir, { recursive: true });
    const logFile = join(this.outDir, 'run.log');
    if (resume && existsSync(logFile)) {
      this.#log.push(...readFileSync(logFile, 'utf8').split('\n').filter((l) => l.length > 0));
      this.log(undefined, 'resumed (sia run --resume)');
    }
    writeFileWhole(join(this.outDir, 'pipeline.resolved.yaml'), this.#resolved);
    this.flush();
  }

  record(id: string): StageRecord {
    return this.#stages.find((s) => s.id === id)!;
  }

  log(stage: string | undefined, message: string): void {
    const time = new Date().toISOString().slice(11, 23);
    for (const line of message.split('\n')) this.#log.push(`${time} ${stage !== undefined ? `[${stage}] ` : ''}${line}`);
  }

  /**
   * Metrics of finished stages, keyed by stage id; a stage that failed or was interrupted appears
   * as `{ status, error }`.
   */
  metrics(): Record<string, unknown> {
    // Built with fromEntries (own properties, never a prototype setter): a stage may be called
    // `__proto__` or `constructor` like any other.
    const entries: [string, unknown][] = [];
    for (const s of this.#stages) {
      if (s.metrics !== undefined) entries.push([s.id, s.metrics]);
      else if (s.status === 'failed' || s.status === 'interrupted') entries.push([s.id, { status: s.status, error: s.error }]);
    }
    return Object.fromEntries(entries);
  }

  /** The run's record: seed, overrides, versions, times, status. */
  info(): RunInfo {
    return {
      pipeline: this.#plan.name,
      file: this.#plan.file,
      seed: this.#plan.seed,
      overrides: [...this.#plan.overrides],
      sia: this.#sia,
      versions: this.#versions,
      started: this.#date,
      ended: this.#ended,
      status: this.#status,
    };
  }

  /** Marks the run ended (the next flush writes it). */
  finish(status: Exclude<RunInfo['status'], 'running'>, date: Date = new Date()): void {
    this.#status = status;
    this.#ended = date.toISOString();
  }

  /** Rewrites metrics.json, index.html and run.log from the current state. */
  flush(): void {
    writeFileWhole(join(this.outDir, 'metrics.json'), `${JSON.stringify({ [RUN_KEY]: this.info(), ...this.metrics() }, null, 2)}\n`);
    writeFileWhole(
      join(this.outDir, 'index.html'),
      this.#page(
        {
        name: this.#plan.name,
        ...(this.#plan.description !== undefined ? { description: this.#plan.description } : {}),
        seed: this.#plan.seed,
        date: this.#date,
        file: this.#plan.file,
        stages: this.#stages,
        versions: this.#versions,
        resolvedYaml: this.#resolved,
        status: this.#status,
        },
        this.outDir,
      ),
    );
    writeFileWhole(join(this.outDir, 'run.log'), this.#log.length > 0 ? `${this.#log.join('\n')}\n` : '');
  }
}
