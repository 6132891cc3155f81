import { arenaMatrix, createRng, Matrix, POSITION_LENGTH, readPosition, writePosition, type ComponentConfig, type ComponentContext, type ComponentKind, type ComponentPlugin, type ComponentTypes, type NoiseFn, type Plugin } from '@sia/core';
import { decodableNoisePlugin } from './decodable.js';
import { gaussianNoisePlugin } from './gaussian.js';
import { mixtureNoisePlugin } from './mixture.js';
import { saltAndPepperNoisePlugin } from './salt-and-pepper.js';

/** The noise plugins a worker can build: this package's own (`ahead.ts` checks the run uses these very ones). */
export const AHEAD_PLUGINS: readonly Plugin[] = [gaussianNoisePlugin, saltAndPepperNoisePlugin, mixtureNoisePlugin, decodableNoisePlugin];

/** Control words (Int32, one per 64-byte line): copies drawn, copies taken, start, stop. */
export const DRAWN = 0, TAKEN = 16, START = 32, STOP = 48, CONTROL_WORDS = 64;

/** What the main thread hands the worker (`ahead.ts`). */
export interface AheadWorkerData {
  readonly noise: ComponentConfig;
  readonly rows: number;
  readonly cols: number;
  /** The clean items, row-major. */
  readonly clean: Float64Array;
  readonly slots: number;
  /** Int32 control words. */
  readonly control: SharedArrayBuffer;
  /** Per slot: the noisy copy (rows·cols floats), then the stream's position after drawing it. */
  readonly data: SharedArrayBuffer;
  /** The stream's position to start from is written here (POSITION_LENGTH floats) before START. */
  readonly start: SharedArrayBuffer;
  /** Where the worker reports, once: { ready: plugin keys } or { failed: message }. */
  readonly port: { postMessage(value: unknown): void };
}

/**
 * The worker's loop: builds the noise from its config with this package's noise plugins, reports
 * which plugins it used, waits for START, then draws epoch after epoch into a ring of `slots`
 * copies, each with the stream's position after it, never more than `slots` ahead of what the main
 * thread took. The noise sees the same items, the same stream position and the same code as on
 * the main thread, so every copy has the bits the main thread would have drawn.
 */
export function runAheadWorker(d: AheadWorkerData): void {
  const used: string[] = [];
  let noise: NoiseFn;
  try {
    // Every component the noise builds, nested ones included, is made here and noted.
    const byKey = new Map(AHEAD_PLUGINS.map((p) => [`${p.kind}/${p.name}`, p as ComponentPlugin]));
    const ctx: ComponentContext = {
      create<K extends ComponentKind>(kind: K, config: ComponentConfig): ComponentTypes[K] {
        const { type, ...options } = config;
        const key = `${kind}/${type}`;
        const plugin = byKey.get(key);
        if (plugin === undefined) throw new Error(`no ${key} in a noise worker`);
        used.push(key);
        return plugin.create(options, ctx) as ComponentTypes[K];
      },
      plugin: (kind, name) => byKey.get(`${kind}/${name}`),
    };
    noise = ctx.create('noise', d.noise);
  } catch (e) {
    d.port.postMessage({ failed: (e as Error).message });
    return;
  }
  const control = new Int32Array(d.control);
  const size = d.rows * d.cols;
  const stride = size + POSITION_LENGTH;
  const slots = new Float64Array(d.data);
  const clean = new Matrix(d.rows, d.cols, Float64Array.from(d.clean));
  const out = arenaMatrix(d.rows, d.cols, 'float64');
  d.port.postMessage({ ready: used });
  while (Atomics.load(control, START) === 0) Atomics.wait(control, START, 0);
  if (Atomics.load(control, STOP) !== 0) return;
  const rng = createRng(0, 'ahead');
  writePosition(rng, new Float64Array(d.start));
  try {
    for (let e = 0; ; e++) {
      // wait for a free slot: at most `slots` copies ahead of the main thread
      for (;;) {
        if (Atomics.load(control, STOP) !== 0) return;
        const taken = Atomics.load(control, TAKEN);
        if (e - taken < d.slots) break;
        Atomics.wait(control, TAKEN, taken, 1000);
      }
      noise(clean, out, rng);
      const at = (e % d.slots) * stride;
      slots.set(out.data, at);
      readPosition(rng, slots, at + size);
      Atomics.store(control, DRAWN, e + 1);
      Atomics.notify(control, DRAWN);
    }
  } catch (e) {
    // The main thread stops waiting after its timeout and draws on its own.
    Atomics.store(control, STOP, 2);
    Atomics.notify(control, DRAWN);
    d.port.postMessage({ failed: (e as Error).message });
  }
}
