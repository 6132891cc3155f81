import { err, ok, type Result } from 'neverthrow';
import type { LayerBlueprint, LayerConfig } from '../nn/blueprint.js';
import type { Problem } from '../nn/problem.js';
import { formatShape, shapeSize, type Shape } from '../nn/types.js';
import type { Precision } from '../tensor/matrix.js';

/** A problem configuration as written in a pipeline: `{ type: variational, beta: 1 }`. */
export interface ProblemConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}

/**
 * Everything that determines a model's layers, as plain JSON: saved in model.json and enough,
 * with the registry's plugins, to build the same network again.
 */
export interface ModelSpec {
  /** Shape of one input item. */
  readonly inputShape: Shape;
  readonly problem: ProblemConfig;
  /** Encoder layers, input side first; the last one is the latent layer. */
  readonly encoder: readonly LayerConfig[];
  /** Decoder layers, code side first, ending at the input shape. */
  readonly decoder: readonly LayerConfig[];
  /** The numbers' precision; absent means float64 (a float64 spec does not carry it). */
  readonly precision?: Precision;
}

/** A model as a pipeline writes it: the decoder may be `mirror` (the encoder reversed). */
export interface ArchitectureSpec {
  readonly inputShape: Shape;
  readonly problem: ProblemConfig;
  readonly encoder: readonly LayerConfig[];
  readonly decoder: 'mirror' | readonly LayerConfig[];
  /** The activation of a mirrored decoder's last layer. */
  readonly output: Readonly<Record<string, unknown>>;
  /** Weights, activations, gradients and optimizer state in float64 (the default) or float32. */
  readonly precision?: Precision;
}

/** Builds the components a model is made of (a `ComponentContext` narrowed to two kinds). */
export interface ModelComponents {
  create(kind: 'layer', config: LayerConfig): LayerBlueprint;
  create(kind: 'problem', config: ProblemConfig): Problem;
}

/** Where an architecture does not fit, and why. */
export interface ArchitectureError {
  /** `encoder`, `decoder` (with the layer's index), or `output` when the decoder ends elsewhere. */
  readonly part: 'encoder' | 'decoder';
  readonly index?: number;
  readonly message: string;
}

/** A checked architecture: its spec (decoder written out) and every layer's item shapes. */
export interface ModelPlan {
  readonly spec: ModelSpec;
  readonly problem: Problem;
  /** Blueprints of the encoder layers, the last already wrapped into the problem's code layer. */
  readonly encoder: readonly LayerBlueprint[];
  readonly decoder: readonly LayerBlueprint[];
  /** Input shape of encoder layer i is `encoderShapes[i]`; the code's shape is the last entry. */
  readonly encoderShapes: readonly Shape[];
  /** Input shape of decoder layer i is `decoderShapes[i]`; the output's shape is the last entry. */
  readonly decoderShapes: readonly Shape[];
}

/** What a planned model will allocate, estimated from its blueprints before anything is built. */
export interface ModelCost {
  readonly params: number;
  readonly perItem: number;
  /** Bytes for `rows` items per batch: parameters with their gradient, optimizer moments and a best-weights copy, plus per-item buffers. */
  readonly bytes: number;
}

/** Estimates the memory of `plan` trained in batches of `rows` items (8 bytes a value, 4 in a float32 model). */
export function estimateModelCost(plan: ModelPlan, rows: number): ModelCost {
  let params = 0;
  let perItem = 0;
  const add = (blueprints: readonly LayerBlueprint[], shapes: readonly Shape[]): void => {
    blueprints.forEach((bp, i) => {
      const cost = bp.cost?.(shapes[i]!) ?? { params: 0, perItem: 3 * shapeSize(shapes[i + 1]!) };
      params += cost.params;
      perItem += cost.perItem;
    });
  };
  add(plan.encoder, plan.encoderShapes);
  add(plan.decoder, plan.decoderShapes);
  const size = plan.spec.precision === 'float32' ? 4 : 8;
  return { params, perItem, bytes: size * (5 * params + rows * perItem) };
}

const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Follows `shape` through `blueprints`; the first layer that cannot take its input is an error. */
function follow(part: 'encoder' | 'decoder', configs: readonly LayerConfig[], blueprints: readonly LayerBlueprint[], input: Shape): Result<Shape[], ArchitectureError> {
  const shapes: Shape[] = [input];
  for (let i = 0; i < blueprints.length; i++) {
    const out = blueprints[i]!.outputShape(shapes[i]!);
    if (typeof out === 'string') {
      return err({ part, index: i, message: `${part} layer ${i} (${configs[i]!.type}) cannot take a ${formatShape(shapes[i]!)} input: ${out}` });
    }
    shapes.push(out);
  }
  return ok(shapes);
}

/**
 * The mirrored decoder: each encoder layer's `mirror`, from the latent layer back to the first.
 * A weighted layer's mirror uses the activation of the nearest weighted layer before it (the one
 * whose output it restores), and the first one the output activation, so that a 35-64-32-2
 * encoder of tanh layers gives a 2-32-64-35 decoder of tanh layers with the output activation last.
 */
function mirrorDecoder(arch: ArchitectureSpec, blueprints: readonly LayerBlueprint[], shapes: readonly Shape[]): Result<LayerConfig[], ArchitectureError> {
  const out: LayerConfig[] = [];
  for (let i = arch.encoder.length - 1; i >= 0; i--) {
    const bp = blueprints[i]!;
    if (bp.mirror === undefined) {
      return err({ part: 'encoder', index: i, message: `encoder layer ${i} (${arch.encoder[i]!.type}) has no mirror image: write the decoder out as a list` });
    }
    let activation = arch.output;
    for (let j = i - 1; j >= 0; j--) {
      const a = arch.encoder[j]!.activation;
      if (typeof a === 'object' && a !== null) {
        activation = a as Record<string, unknown>;
        break;
      }
    }
    out.push(...bp.mirror(shapes[i]!, activation));
  }
  return ok(out);
}

/**
 * Checks an architecture and writes its decoder out: every layer must take the shape the one before
 * gives, and the decoder must end at the input shape (or its flat form, of the same size). Layer
 * and problem configs must already be valid for their plugins (the pipeline schema sees to that).
 */
export function planModel(arch: ArchitectureSpec, components: ModelComponents): Result<ModelPlan, ArchitectureError> {
  if (arch.encoder.length === 0) return err({ part: 'encoder', message: 'the encoder needs at least one layer (its last is the latent layer)' });
  const problem = components.create('problem', arch.problem);
  const raw = arch.encoder.map((c) => components.create('layer', c));
  return follow('encoder', arch.encoder, raw, arch.inputShape).andThen((rawShapes) => {
    const last = raw.length - 1;
    const encoder = raw.map((bp, i) => (i === last ? problem.code(bp) : bp));
    // The problem's code layer may give another shape than the latent layer alone: follow again.
    return follow('encoder', arch.encoder, encoder, arch.inputShape).andThen((encoderShapes) => {
      const decoderConfigs = arch.decoder === 'mirror' ? mirrorDecoder(arch, raw, rawShapes) : ok([...arch.decoder]);
      return decoderConfigs.andThen((configs) => {
        if (configs.length === 0) return err<ModelPlan, ArchitectureError>({ part: 'decoder', message: 'the decoder needs at least one layer' });
        const decoder = configs.map((c) => components.create('layer', c));
        const code = encoderShapes[encoderShapes.length - 1]!;
        return follow('decoder', configs, decoder, code).andThen((decoderShapes) => {
          const end = decoderShapes[decoderShapes.length - 1]!;
          const input = arch.inputShape;
          const flatMatch = shapeSize(end) === shapeSize(input) && (end.length === 1 || input.length === 1);
          if (!sameShape(end, input) && !flatMatch) {
            return err<ModelPlan, ArchitectureError>({
              part: 'decoder',
              index: configs.length - 1,
              message: `the decoder ends at ${formatShape(end)} but the input is ${formatShape(input)}: its last layer must give the input's shape`,
            });
          }
          if (arch.precision === 'float32') {
            const f64 = (bps: readonly LayerBlueprint[], cs: readonly LayerConfig[], part: 'encoder' | 'decoder'): ArchitectureError | undefined => {
              const i = bps.findIndex((bp) => bp.float32 !== true);
              return i < 0 ? undefined : { part, index: i, message: `${part} layer ${i} (${cs[i]!.type}) has no float32 version: use precision float64, or layers that have one (dense, conv2d, conv2d-transpose, batch-norm, dropout, flatten, reshape)` };
            };
            const bad = f64(encoder, arch.encoder, 'encoder') ?? f64(decoder, configs, 'decoder');
            if (bad !== undefined) return err<ModelPlan, ArchitectureError>(bad);
          }
          const base: ModelSpec = { inputShape: [...input], problem: arch.problem, encoder: [...arch.encoder], decoder: configs };
          const spec: ModelSpec = arch.precision === 'float32' ? { ...base, precision: 'float32' } : base;
          return ok({ spec, problem, encoder, decoder, encoderShapes, decoderShapes });
        });
      });
    });
  });
}
