import { Matrix, defineStage, shapeSize, type ArtifactInfo, type DatasetArtifact } from '@sia/core';
import { checkError } from '../check-error.js';
import { overLimit } from '../memory-limit.js';

/** Options of `dataset/repeat`. */
export interface RepeatOptions {
  /** How many times each item appears (the whole set, `times` times over). */
  times: number;
}

/**
 * The items of `data`, `times` times over (row r is item r mod n), labels alike. Upstream of a
 * noise stage it makes each training batch hold `times` fresh noisy copies of every item, so a
 * denoiser's gradient averages over more noise per update (one full batch of 32 glyphs is one
 * copy each). A noise already attached to `data` is kept.
 */
export function repeatDataset(data: DatasetArtifact, times: number): DatasetArtifact {
  if (!Number.isInteger(times) || times < 1) throw new RangeError(`dataset/repeat: times must be a positive integer, got ${times}`);
  const tile = (m: Matrix): Matrix => {
    const out = new Matrix(m.rows * times, m.cols);
    for (let t = 0; t < times; t++) out.data.set(m.data, t * m.data.length);
    return out;
  };
  const inputs = tile(data.inputs);
  const targets = data.targets === data.inputs ? inputs : tile(data.targets);
  const labels = Array.from({ length: times }, () => data.labels).flat();
  return Object.freeze({ ...data, inputs, targets, labels });
}

/** `dataset/repeat`: the items of a dataset, several times over. */
export const repeatPlugin = defineStage<RepeatOptions>({
  kind: 'dataset',
  name: 'repeat',
  version: '0.1.0',
  description: 'The items of a dataset several times over, e.g. for several fresh noisy copies of each item per training batch.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      times: { type: 'integer', minimum: 1, default: 2, description: 'How many times each item appears.' },
    },
  },
  inputs: { data: { accepts: ['dataset'], description: 'The dataset to repeat.' } },
  check(config, env): ArtifactInfo | undefined {
    const info = env.inputs.data;
    if (info?.items === undefined || info.itemShape === undefined) return info;
    const items = info.items * config.times;
    // inputs and targets, float64
    const tooBig = overLimit(2 * 8 * items * shapeSize(info.itemShape), `${items.toLocaleString('en-US')} items`);
    if (tooBig !== undefined) throw checkError(tooBig, ['times']);
    return { ...info, items };
  },
  output: 'dataset',
  run(config: RepeatOptions, inputs) {
    const artifact = repeatDataset(inputs.data as DatasetArtifact, config.times);
    return { artifact, metrics: { items: artifact.labels.length, times: config.times } };
  },
});
