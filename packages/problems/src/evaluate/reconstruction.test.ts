import { describe, it, expect } from 'vitest';
import { Matrix, type DatasetArtifact, type Model, type ModelArtifact, type StageContext } from '@sia/core';
import { absoluteError, reconstructionPlugin } from './reconstruction.js';

/** A "model" whose reconstruction is a fixed matrix. */
function fixedModel(output: Matrix): Model {
  const model = {
    encode: (x: Matrix) => new Matrix(x.rows, 2),
    decode: (z: Matrix) => new Matrix(z.rows, output.cols),
    reconstruct: () => output.clone(),
  };
  return model as unknown as Model;
}

describe('absoluteError', () => {
  it('is the mean and max of |output − target| over every pixel', () => {
    // |0.9−1| + |0.2−0| + |0.5−1| + |0−0| = 0.1 + 0.2 + 0.5 + 0 = 0.8 over 4 pixels = 0.2; max 0.5
    const e = absoluteError(Matrix.from([[0.9, 0.2], [0.5, 0]]), Matrix.from([[1, 0], [1, 0]]));
    expect(e.mean).toBeCloseTo(0.2, 15);
    expect(e.max).toBeCloseTo(0.5, 15);
  });
});

describe('evaluate/reconstruction', () => {
  it('reports wrong pixels per label, the maximum and the mean absolute error', async () => {
    const targets = Matrix.from([[1, 0, 1, 0], [0, 0, 1, 1]]);
    // Item a: all right (errors 0.1, 0.1, 0.3, 0.2). Item b: pixel 0 is 0.6 > 0.5 (wrong) and pixel 3 is 0.4 (wrong).
    const output = Matrix.from([[0.9, 0.1, 0.7, 0.2], [0.6, 0, 1, 0.4]]);
    const data: DatasetArtifact = { type: 'dataset', inputs: targets, targets, labels: ['a', 'b'] };
    const model: ModelArtifact = { type: 'model', model: fixedModel(output), history: {} };
    const logs: string[] = [];
    const ctx = { stageId: 'fidelity', log: (m: string) => logs.push(m), writeFile: (p: string) => p } as unknown as StageContext;
    const r = await reconstructionPlugin.run({ threshold: 0.5, within: 0, figure: true }, { model, data }, ctx);
    const m = r.metrics as Record<string, unknown>;
    expect(m.wrongPixels).toEqual({ a: 0, b: 2 });
    expect(m.maxWrongPixels).toBe(2);
    expect(m.itemsWithin).toBe(1);
    // (0.1 + 0.1 + 0.3 + 0.2 + 0.6 + 0 + 0 + 0.6) / 8 = 1.9 / 8 = 0.2375
    expect(m.meanAbsoluteError).toBeCloseTo(0.2375, 12);
    expect(r.files).toEqual([]); // no image shape, no picture
    expect(logs[0]).toMatch(/1 of 2 items within 0 wrong pixels; max 2/);
  });
});
