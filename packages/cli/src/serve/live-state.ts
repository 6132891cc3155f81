import type { Progress, Reporter, StageEnd, StageInfo } from '@sia/core';

/** At most this many loss points per training stage are kept (older ones are thinned by half). */
export const MAX_POINTS = 2000;

/** One stage as the live page shows it. */
export interface LiveStage {
  readonly id: string;
  readonly uses: string;
  status: 'pending' | 'running' | 'done' | 'cached' | 'failed' | 'interrupted';
  ms?: number;
  epoch?: number;
  epochs?: number;
  loss?: number;
}

/** What the live page receives every update: everything it draws, so a page may connect at any time. */
export interface LiveSnapshot {
  readonly seq: number;
  readonly name: string;
  readonly status: 'running' | 'done' | 'failed' | 'interrupted';
  readonly stages: readonly LiveStage[];
  /** Per training stage: [epoch, loss] pairs, downsampled to at most {@link MAX_POINTS}. */
  readonly loss: Readonly<Record<string, readonly (readonly [number, number])[]>>;
  /** The training items in the latent plane at the last snapshot: [x, y, label]. */
  readonly latent?: { readonly stage: string; readonly epoch: number; readonly points: readonly (readonly [number, number, string])[] };
  readonly elapsedMs?: number;
}

/** A series thinned by half (and sampled half as often) whenever it reaches `max` points. */
class Thinned {
  readonly points: [number, number][] = [];
  #stride = 1;
  #seen = 0;
  constructor(readonly max: number) {}
  add(x: number, y: number): void {
    if (this.#seen++ % this.#stride !== 0) return;
    this.points.push([x, y]);
    if (this.points.length >= this.max) {
      let j = 0;
      for (let i = 0; i < this.points.length; i += 2) this.points[j++] = this.points[i]!;
      this.points.length = j;
      this.#stride *= 2;
    }
  }
}

export interface LiveStateOptions {
  /** Called with a fresh snapshot at most every `emitMs` during training, and at every stage change. */
  readonly emit: (snapshot: LiveSnapshot) => void;
  /** Whether anyone watches: nothing is computed for an empty room. */
  readonly watched: () => boolean;
  readonly emitMs?: number;
  /** Minimum ms between two latent-plane snapshots (each runs the encoder over the training items). */
  readonly latentMs?: number;
  readonly now?: () => number;
}

/**
 * The live view's reporter: it hears the engine's events beside the terminal's reporter and keeps
 * what the page draws. Training calls `onEpochEnd` (already throttled by the engine to ~10 per
 * second); this adds a point to an array and, at most every `emitMs` and only while a page is
 * connected, hands a snapshot on. The latent plane comes from `Progress.latent`, asked for at
 * most every `latentMs` (it runs the network in inference mode and changes nothing in the run).
 */
export class LiveState implements Reporter {
  readonly #o: LiveStateOptions;
  readonly #now: () => number;
  #name = '';
  #status: LiveSnapshot['status'] = 'running';
  #stages: LiveStage[] = [];
  readonly #loss = new Map<string, Thinned>();
  #latent: LiveSnapshot['latent'];
  #elapsed: number | undefined;
  #lastEmit = -Infinity;
  #lastLatent = -Infinity;
  #seq = 0;

  constructor(options: LiveStateOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => performance.now());
  }

  snapshot(): LiveSnapshot {
    const loss: Record<string, [number, number][]> = {};
    for (const [id, s] of this.#loss) loss[id] = s.points;
    return { seq: ++this.#seq, name: this.#name, status: this.#status, stages: this.#stages, loss, ...(this.#latent ? { latent: this.#latent } : {}), ...(this.#elapsed !== undefined ? { elapsedMs: this.#elapsed } : {}) };
  }

  #push(): void {
    this.#lastEmit = this.#now();
    if (this.#o.watched()) this.#o.emit(this.snapshot());
  }

  #stage(id: string): LiveStage | undefined {
    return this.#stages.find((s) => s.id === id);
  }

  onPipelineStart(info: { name: string; outDir: string; stages: readonly StageInfo[] }): void {
    this.#name = info.name;
    this.#stages = info.stages.map((s) => ({ id: s.id, uses: s.uses, status: 'pending' }));
    this.#push();
  }

  onStageStart(stage: StageInfo): void {
    const s = this.#stage(stage.id);
    if (s) s.status = 'running';
    this.#push();
  }

  onEpochEnd(stage: StageInfo, progress: Progress): void {
    let series = this.#loss.get(stage.id);
    if (series === undefined) this.#loss.set(stage.id, (series = new Thinned(MAX_POINTS)));
    series.add(progress.epoch, progress.loss);
    const s = this.#stage(stage.id);
    if (s) Object.assign(s, { epoch: progress.epoch, epochs: progress.epochs, loss: progress.loss });
    this.#elapsed = progress.elapsedMs;
    const now = this.#now();
    if (now - this.#lastEmit < (this.#o.emitMs ?? 1000) && progress.epoch < progress.epochs && progress.last !== true) return;
    if (!this.#o.watched()) return;
    if (progress.latent !== undefined && now - this.#lastLatent >= (this.#o.latentMs ?? 2000)) {
      this.#lastLatent = now;
      const plane = progress.latent();
      if (plane !== undefined) {
        const points: [number, number, string][] = [];
        for (let i = 0; i < plane.labels.length && i < MAX_POINTS; i++) points.push([plane.xy[2 * i]!, plane.xy[2 * i + 1]!, plane.labels[i]!]);
        this.#latent = { stage: stage.id, epoch: plane.epoch, points };
      }
    }
    this.#push();
  }

  onStageEnd(stage: StageInfo, end: StageEnd): void {
    const s = this.#stage(stage.id);
    if (s) Object.assign(s, { status: end.cached ? 'cached' : 'done', ms: end.ms });
    this.#push();
  }

  onPipelineEnd(summary: { ok: boolean; interrupted?: boolean }): void {
    this.#status = summary.ok ? 'done' : summary.interrupted === true ? 'interrupted' : 'failed';
    for (const s of this.#stages) if (s.status === 'running') s.status = summary.interrupted === true ? 'interrupted' : 'failed';
    this.#push();
  }
}
