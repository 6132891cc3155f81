import { defineComponent, formatShape, shapeSize, type ComponentPlugin, type LayerBlueprint, type LayerConfig } from '@sia/core';
import { Reshape } from './flatten.js';

export interface ReshapeConfig {
  readonly shape: readonly number[];
}

/** `layer/reshape`: gives each item another shape of the same size (a flat code to an image). */
export const reshapePlugin: ComponentPlugin<'layer', ReshapeConfig> = defineComponent<'layer', ReshapeConfig>({
  kind: 'layer',
  name: 'reshape',
  version: '0.1.0',
  description: 'Gives each item another shape with as many values, e.g. [400] to [20, 20, 1] (no parameters, no copy).',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['shape'],
    properties: {
      shape: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 1_000_000 },
        minItems: 1,
        maxItems: 3,
        description: 'The new item shape: [n] or [height, width, channels].',
      },
    },
  },
  create(config: ReshapeConfig): LayerBlueprint {
    const shape = [...config.shape];
    return {
      outputShape(input) {
        const a = shapeSize(input), b = shapeSize(shape);
        if (a !== b) return `a ${formatShape(input)} input (${a} values) cannot be reshaped to ${formatShape(shape)} (${b} values)`;
        return shape;
      },
      build: (b) => new Reshape(b.inputShape, shape),
      float32: true, // moves no number: either precision passes through
      mirror: (input): LayerConfig[] => (input.length === 1 ? [{ type: 'flatten' }] : [{ type: 'reshape', shape: [...input] }]),
    };
  },
});
