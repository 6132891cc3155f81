import type { StageRecord } from '@sia/core';

/** `latent-scatter` -> `latent scatter`; the last path segment only. */
const words = (base: string): string => (base.split('/').pop() ?? base).replace(/[-_.]+/g, ' ').trim();

/**
 * A figure's caption in words: what it shows (the file's name), which stage drew it, and what
 * that stage's plugin does (its description), e.g. "latent scatter — stage plane
 * (sample/latent-scatter): Scatter plot of the codes of the training items."
 */
export function figureCaption(stage: Pick<StageRecord, 'id' | 'uses' | 'description'>, base: string): { title: string; text: string } {
  const name = words(base);
  const title = name.length > 0 ? name[0]!.toUpperCase() + name.slice(1) : stage.id;
  const what = stage.description !== undefined && stage.description.length > 0 ? stage.description.replace(/\.?\s*$/, '.') : '';
  return { title, text: `Stage ${stage.id} (${stage.uses})${what.length > 0 ? `: ${what}` : '.'}` };
}
