import { defineStage, shapeSize, type ComponentConfig, type ComponentContext, type DatasetArtifact, type ModelArtifact, type Model } from '@sia/core';
import { checkError } from '../check-error.js';
import { overLimit } from '../memory-limit.js';
import { chartFiles, mosaicFiles, writeFigure } from '@sia/figures';
import { CEILING, DEFAULT_NOISES, sweepNoise, type SweepNoise, type SweepRow } from './noise-sweep-rows.js';
import { examplesFigure, sweepSpec } from './noise-sweep-figures.js';

/** Options of `evaluate/noise-sweep` (after defaults). */
export interface NoiseSweepOptions {
  noises: SweepNoise[];
  copies: number;
  within: number;
  threshold: number;
  exampleGlyphs: number;
  figures: boolean;
}

/**
 * The terminal table: one line per noise and level; for each model its recovered share, mean
 * wrong pixels in brackets and its share of the ceiling's recovered share.
 */
export function sweepTable(rows: readonly SweepRow[], models: readonly string[]): string {
  const W = 24;
  const head = ['noise'.padEnd(16), 'level'.padStart(6), ...models.map((m) => `${m}: recov (wrong) /ceil`.padStart(W)), `${CEILING}: recov (wrong)`.padStart(W)];
  const lines = [head.join(' ')];
  const keys = [...new Map(rows.map((r) => [`${r.noise} ${r.level}`, r])).values()];
  for (const { noise, level } of keys) {
    const at = (m: string): SweepRow | undefined => rows.find((r) => r.noise === noise && r.level === level && r.model === m);
    const cell = (r: SweepRow | undefined, ratio: boolean): string => {
      if (!r) return '-'.padStart(W);
      const share = r.ratioToCeiling === null ? '-' : `${(100 * r.ratioToCeiling).toFixed(1)}%`;
      return (`${r.recovered.toFixed(3)} (${r.meanWrongPixels.toFixed(2)})` + (ratio ? ` ${share.padStart(6)}` : '')).padStart(W);
    };
    lines.push([noise.padEnd(16), String(level).padStart(6), ...models.map((m) => cell(at(m), true)), cell(at(CEILING), false)].join(' '));
  }
  return lines.join('\n');
}

/**
 * The validated config of sweep entry `entry` at `level`: `{ type, ...with, <level option>: level }`
 * checked against the noise plugin's schema with defaults, or throws (with the path to blame) when
 * the noise is unknown, names no level option, or the config is not valid.
 */
export function sweepNoiseConfig(entry: SweepNoise, level: number, index: number, levelIndex: number, components: ComponentContext): ComponentConfig {
  const plugin = components.plugin?.('noise', entry.type);
  if (components.plugin !== undefined && plugin === undefined) throw checkError(`unknown noise '${entry.type}'`, ['noises', index, 'type']);
  const option = plugin?.level;
  if (option === undefined) {
    throw checkError(`noise '${entry.type}' does not say which option is its level (its plugin has no \`level\`), so the sweep cannot vary it`, ['noises', index, 'type']);
  }
  if (entry.with !== undefined && option in entry.with) throw checkError(`${option} is the level of noise '${entry.type}': give it in levels, not in with`, ['noises', index, 'with', option]);
  const config: ComponentConfig = { type: entry.type, ...(entry.with ?? {}), [option]: level };
  const checked = components.validate?.('noise', config);
  if (checked === undefined) return config;
  if ('error' in checked) throw checkError(`${checked.error} (level ${level})`, ['noises', index, 'levels', levelIndex]);
  return checked.config;
}

/**
 * `evaluate/noise-sweep`: how well a denoising model, a plain autoencoder of the same size and
 * the best possible denoiser (nearest glyph) recover clean glyphs from fresh noisy copies, for
 * each noise type and level. Writes the table (metrics `rows`, the terminal), `sweep.png` and
 * `examples.png`.
 */
export const noiseSweepPlugin = defineStage<NoiseSweepOptions>({
  kind: 'evaluate',
  name: 'noise-sweep',
  version: '0.2.0',
  description: 'Recovered share of noisy copies per noise type and level: denoising model, plain model and the best possible denoiser (sweep.png, examples.png).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      noises: {
        type: 'array',
        minItems: 1,
        default: DEFAULT_NOISES.map((n) => ({ type: n.type, levels: [...n.levels] })),
        description: 'Noise types and levels, e.g. [{ type: gaussian, levels: [0.1, 0.3] }]; type names a noise plugin.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'levels'],
          properties: {
            type: { type: 'string', description: 'A noise plugin (gaussian, salt-and-pepper, ...).' },
            levels: { type: 'array', minItems: 1, items: { type: 'number', minimum: 0 }, description: 'Levels to try.' },
            with: { type: 'object', description: "The noise's other options, the same at every level (e.g. { clip: false }); the level goes into the option the noise plugin names as its level." },
          },
        },
      },
      copies: { type: 'integer', minimum: 1, default: 200, description: 'Fresh noisy copies of each glyph per level (the study asks for at least 100).' },
      within: { type: 'integer', minimum: 0, default: 1, description: 'A copy counts as recovered within this many wrong pixels.' },
      threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'An output above this is ink.' },
      exampleGlyphs: { type: 'integer', minimum: 0, default: 6, description: 'Glyphs shown per level in examples.png (0: no picture).' },
      figures: { type: 'boolean', default: true, description: 'Write sweep.png and examples.png.' },
    },
  },
  inputs: {
    model: { accepts: ['model'], description: 'The denoising model.' },
    plain: { accepts: ['model'], optional: true, description: 'A plain autoencoder of the same size trained on clean glyphs.' },
    data: { accepts: ['dataset'], description: 'The clean glyphs.' },
  },
  output: 'report',
  check(config, env) {
    // Every noise the sweep will build, at every level, validated now (with the line of the level).
    config.noises.forEach((entry, i) => entry.levels.forEach((level, j) => sweepNoiseConfig(entry, level, i, j, env.components)));
    const info = env.inputs.data;
    if (info?.items === undefined || info.itemShape === undefined) return;
    const copies = config.copies * info.items;
    // one level at a time: the noisy copies, their clean targets and one reconstruction per model
    const tooBig = overLimit(8 * 4 * copies * shapeSize(info.itemShape), `${copies.toLocaleString('en-US')} noisy copies per level`);
    if (tooBig !== undefined) throw checkError(tooBig, ['copies']);
  },
  async run(config, inputs, ctx) {
    const data = inputs.data as DatasetArtifact;
    const models: Record<string, Model> = { denoising: (inputs.model as ModelArtifact).model };
    if (inputs.plain) models.plain = (inputs.plain as ModelArtifact).model;
    const names = Object.keys(models);
    const n = data.targets.rows;
    const shown = Math.min(config.exampleGlyphs, n);
    // Spread the example glyphs over the set rather than taking the first few.
    const exampleGlyphs = Array.from({ length: shown }, (_, k) => Math.floor(((k + 0.5) * n) / shown));
    const started = performance.now();
    const { rows, examples } = sweepNoise({
      models,
      glyphs: data.targets,
      noises: config.noises,
      copies: config.copies,
      within: config.within,
      threshold: config.threshold,
      rng: ctx.rng,
      makeNoise: (entry, level) => ctx.create('noise', sweepNoiseConfig(entry, level, config.noises.indexOf(entry), entry.levels.indexOf(level), ctx)),
      exampleGlyphs,
    });
    ctx.log(`${config.copies} noisy copies of each of ${n} glyphs per level; recovered = within ${config.within} wrong pixel${config.within === 1 ? '' : 's'}; /ceil = share of the ceiling's\n${sweepTable(rows, names)}`);

    // The worst ratio to the ceiling per model and noise type: the headline of the study.
    const worst: Record<string, Record<string, number | null>> = {};
    for (const m of names) {
      worst[m] = {};
      for (const noise of config.noises) {
        const ratios = rows.filter((r) => r.model === m && r.noise === noise.type).map((r) => r.ratioToCeiling);
        worst[m]![noise.type] = ratios.some((r) => r === null) ? null : Math.min(...(ratios as number[]));
      }
    }
    const metrics = { copies: config.copies, glyphs: n, within: config.within, seconds: Number(((performance.now() - started) / 1000).toFixed(3)), worstRatioToCeiling: worst, rows };

    const files: string[] = [];
    if (config.figures) {
      const option = (s: SweepNoise): string => ctx.plugin?.('noise', s.type)?.level ?? 'level';
      files.push(...writeFigure(ctx.writeFile, `${ctx.stageId}/sweep`, await chartFiles(sweepSpec(rows, config.noises, names, config.within, option))));
      if (examples.length > 0 && data.imageShape) {
        files.push(...writeFigure(ctx.writeFile, `${ctx.stageId}/examples`, mosaicFiles(examplesFigure(examples, data.targets, data.labels, data.imageShape, names, shown, config.threshold))));
      }
    }
    return { artifact: { type: 'report', metrics }, metrics, files };
  },
});
