import { defineComponent, shapeSize, type ComponentPlugin, type Layer, type LayerBlueprint, type LayerConfig, type Matrix, type Param, type Shape } from '@sia/core';

/**
 * A layer that passes its input through unchanged: a batch is already stored with one item per row
 * in row-major order of its shape, so flattening or reshaping an item moves no number. Forward
 * returns its input and backward its dY, without a copy. Used by `flatten` and `reshape`.
 */
export class Reshape implements Layer {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly params: readonly Param[] = [];

  /** `inputShape` and `outputShape` must hold as many values. */
  constructor(
    readonly inputShape: Shape,
    readonly outputShape: Shape,
  ) {
    const n = shapeSize(inputShape);
    if (n !== shapeSize(outputShape)) throw new RangeError(`Reshape: ${inputShape.join('x')} and ${outputShape.join('x')} hold different numbers of values`);
    this.inputSize = n;
    this.outputSize = n;
  }

  /** Returns `x` itself. */
  forward(x: Matrix, _training = false): Matrix {
    return x;
  }

  /** Returns `dy` itself. */
  backward(dy: Matrix, _needInputGrad = true): Matrix {
    return dy;
  }
}

export type FlattenConfig = Record<string, never>;

/** `layer/flatten`: any item shape to `[size]` (h x w x c images to flat vectors, for dense layers). */
export const flattenPlugin: ComponentPlugin<'layer', FlattenConfig> = defineComponent<'layer', FlattenConfig>({
  kind: 'layer',
  name: 'flatten',
  version: '0.1.0',
  description: 'Flattens each item to a vector of its values in row-major order (no parameters, no copy).',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  create(): LayerBlueprint {
    return {
      outputShape: (input) => [shapeSize(input)],
      build: (b) => new Reshape(b.inputShape, [shapeSize(b.inputShape)]),
      float32: true, // moves no number: either precision passes through
      mirror: (input): LayerConfig[] => (input.length === 1 ? [] : [{ type: 'reshape', shape: [...input] }]),
    };
  },
});
