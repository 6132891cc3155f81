import type { Artifact, ArtifactCodec, ComponentContext, ModelArtifact, StageContext } from '@sia/core';
import { MODEL_JSON, MODEL_WEIGHTS, encodeModel, readModel, saveModel } from './model-files.js';
import { MODEL_REVIVERS } from './revivers.js';

/** Loads a saved model folder into a model artifact. */
export function loadModelArtifact(dir: string, ctx: ComponentContext): ModelArtifact {
  const { model, description } = readModel(dir, MODEL_REVIVERS, ctx);
  return { type: 'model', model, ...(description.imageShape ? { imageShape: description.imageShape } : {}) };
}

/** Caches a model artifact as the same two files a run folder gets. */
export const modelCodec: ArtifactCodec = Object.freeze({
  save(artifact: Artifact, dir: string): void {
    const a = artifact as ModelArtifact;
    saveModel(a.model, dir, a.imageShape ? { imageShape: a.imageShape } : {});
  },
  load(dir: string, ctx: ComponentContext): Artifact {
    return loadModelArtifact(dir, ctx);
  },
});

/** Writes the model into the run folder as `<stage>/model.safetensors` and `<stage>/model.json`. */
export function writeModelToRun(artifact: ModelArtifact, ctx: StageContext): string[] {
  const { json, weights } = encodeModel(artifact.model, {
    ...(artifact.imageShape ? { imageShape: artifact.imageShape } : {}),
    ...(ctx.pipeline !== undefined ? { pipeline: ctx.pipeline } : {}),
  });
  return [ctx.writeFile(`${ctx.stageId}/${MODEL_WEIGHTS}`, weights), ctx.writeFile(`${ctx.stageId}/${MODEL_JSON}`, json)];
}
