import type { ModelArtifact } from '@sia/core';
import { DataError } from '../images/data-error.js';

/** The picture shape of a model's outputs; a model trained on non-images cannot be drawn. */
export function imageShapeOf(model: ModelArtifact, uses: string): readonly [number, number] {
  if (!model.imageShape) throw new DataError(`${uses} draws images, but the model was not trained on images (no image shape)`);
  return model.imageShape;
}

/** Requires a 2-D latent for plane pictures. */
export function requireLatent2(model: ModelArtifact, uses: string): void {
  if (model.model.latentSize !== 2) {
    throw new DataError(`${uses} draws the latent plane, but the model's latent has ${model.model.latentSize} dimensions (needs 2)`);
  }
}
