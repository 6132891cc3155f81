import { MODEL_JSON, MODEL_WEIGHTS, encodeModel, type Artifact, type ArtifactCodec, type ComponentContext, type ModelArtifact, type StageContext } from '@sia/core';
import { readModel, saveModel, savedHistory } from './model-files.js';

/** Caches a model artifact as the same two files a run folder gets. */
export const modelCodec: ArtifactCodec = Object.freeze({
  save(artifact: Artifact, dir: string): void {
    saveModel(artifact as ModelArtifact, dir);
  },
  load(dir: string, ctx: ComponentContext): Artifact {
    return readModel(dir, ctx).artifact;
  },
});

/** Writes the model into the run folder as `<stage>/model.safetensors` and `<stage>/model.json`. */
export function writeModelToRun(artifact: ModelArtifact, ctx: StageContext): string[] {
  const { json, weights } = encodeModel(artifact.model, {
    history: savedHistory(artifact),
    ...(artifact.imageShape ? { imageShape: artifact.imageShape } : {}),
    ...(ctx.pipeline !== undefined ? { pipeline: ctx.pipeline } : {}),
  });
  return [ctx.writeFile(`${ctx.stageId}/${MODEL_WEIGHTS}`, weights), ctx.writeFile(`${ctx.stageId}/${MODEL_JSON}`, json)];
}
