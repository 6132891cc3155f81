import type { ComponentPlugin } from '../plugin/types.js';
import type { DatasetArtifact } from './artifacts.js';
import type { StageRunner } from './plan.js';

/**
 * Lets a noise component be a stage (`uses: noise/gaussian`): it takes the clean dataset on
 * `data` and hands it on with the noise attached, so the trainer can corrupt the inputs afresh
 * every epoch (drawing from its own stream) instead of training on one fixed noisy copy.
 */
export function noiseStage(plugin: ComponentPlugin<'noise'>): StageRunner {
  return {
    inputs: { data: { accepts: ['dataset'], description: 'the clean dataset' } },
    output: 'dataset',
    // Validation hands on the clean items' shape, marked as corrupted for the trainer downstream.
    check: (_config, env) => ({ ...env.inputs.data, noisy: true }),
    run(config: Record<string, unknown>, inputs, ctx) {
      const data = inputs.data as DatasetArtifact;
      const apply = plugin.create(config, ctx);
      const artifact: DatasetArtifact = { ...data, noise: { name: plugin.name, config, apply } };
      // The stage's metrics say what noise training will see, so metrics.json names every stage.
      return { artifact, metrics: { noise: plugin.name, options: config, items: data.labels.length } };
    },
  };
}
