import { Matrix, defineStage, type DatasetArtifact } from '@sia/core';
import { EMOJI_SHAPE, loadEmojiFaces } from './emoji-data.js';

export interface EmojiOptions {
  /** Take only these faces, by label, in this order. */
  faces?: string[];
}

const KNOWN = ['smile', 'surprise', 'sunglasses', 'wink', 'angry', 'happy', 'emotionless', 'dead'];

/** The emoji faces as a dataset (one 400-pixel row per face, 1 = ink). */
export function emojiDataset(options: EmojiOptions = {}): DatasetArtifact {
  const all = loadEmojiFaces();
  const order = options.faces && options.faces.length > 0 ? options.faces.map((f) => all.labels.indexOf(f)) : all.labels.map((_, i) => i);
  const inputs = new Matrix(order.length, EMOJI_SHAPE[0] * EMOJI_SHAPE[1]);
  order.forEach((k, i) => inputs.row(i).set(all.images[k]!));
  return { type: 'dataset', inputs, targets: inputs, labels: order.map((k) => all.labels[k]!), imageShape: EMOJI_SHAPE };
}

/** `dataset/emoji`: eight 20x20 binary faces drawn as text art in this project. */
export const emojiPlugin = defineStage<EmojiOptions>({
  kind: 'dataset',
  name: 'emoji',
  version: '0.1.0',
  description: 'Eight 20x20 binary emoji faces (smile, surprise, sunglasses, wink, angry, happy, emotionless, dead).',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      faces: {
        type: 'array',
        items: { enum: KNOWN },
        minItems: 1,
        uniqueItems: true,
        description: 'Take only these faces, by label.',
      },
    },
  },
  inputs: {},
  output: 'dataset',
  check: (config) => ({ itemShape: [EMOJI_SHAPE[0], EMOJI_SHAPE[1], 1], items: config.faces?.length ?? KNOWN.length }),
  run(config) {
    const artifact = emojiDataset(config);
    return { artifact, metrics: { items: artifact.labels.length, labels: artifact.labels } };
  },
});
