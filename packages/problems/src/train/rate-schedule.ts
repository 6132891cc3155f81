import { cosExact } from '@sia/core';

/**
 * Learning-rate schedules: the rate epoch e (1-based, of E) trains with, from the optimizer's
 * own rate r0 at epoch 1.
 *
 *   constant      r(e) = r0
 *   cosine        r(e) = f + (r0 − f)·(1 + cos(π·t))/2        t = (e − 1)/(E − 1)   (Loshchilov & Hutter, 2017, one cycle)
 *   exponential   r(e) = r0·(f/r0)^t                          (geometric from r0 to f)
 *   step          r(e) = r0·factor^⌊(e − 1)/every⌋
 *
 * with f = `final`, so cosine and exponential reach exactly `final` at the last epoch. A
 * decaying rate lets a model trained on fresh noise every epoch average the gradient noise
 * away late in training instead of jittering around the optimum at the starting step size.
 */
export type RateSchedule =
  | { readonly type: 'constant' }
  | { readonly type: 'cosine'; readonly final: number }
  | { readonly type: 'exponential'; readonly final: number }
  | { readonly type: 'step'; readonly every: number; readonly factor: number };

/** The rate for `epoch` (1..epochs) under `schedule`, starting from `initial`. */
export function scheduledRate(schedule: RateSchedule, initial: number, epoch: number, epochs: number): number {
  const t = epochs > 1 ? Math.min(1, Math.max(0, (epoch - 1) / (epochs - 1))) : 0;
  switch (schedule.type) {
    case 'constant':
      return initial;
    case 'cosine':
      return schedule.final + ((initial - schedule.final) * (1 + cosExact(Math.PI * t))) / 2;
    case 'exponential':
      return initial * Math.pow(schedule.final / initial, t);
    case 'step':
      return initial * Math.pow(schedule.factor, Math.floor((epoch - 1) / schedule.every));
  }
}

const finalRate = { type: 'number', exclusiveMinimum: 0, description: 'Rate at the last epoch.' };

/** JSON Schema of the `schedule` option (one object per shape, told apart by `type`). */
export const rateScheduleSchema = {
  description:
    'Learning-rate schedule from the optimizer\'s rate: constant; cosine or exponential down to `final` at the last epoch; or step (times `factor` every `every` epochs).',
  default: { type: 'constant' },
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { const: 'constant', description: 'Keep the optimizer\'s rate.' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'final'],
      properties: { type: { const: 'cosine', description: 'Half a cosine from the rate down to `final`.' }, final: finalRate },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'final'],
      properties: { type: { const: 'exponential', description: 'Geometric decay from the rate down to `final`.' }, final: finalRate },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'every', 'factor'],
      properties: {
        type: { const: 'step', description: 'Multiply the rate by `factor` every `every` epochs.' },
        every: { type: 'integer', exclusiveMinimum: 0, description: 'Epochs between reductions.' },
        factor: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Multiplier at each reduction.' },
      },
    },
  ],
} as const;
