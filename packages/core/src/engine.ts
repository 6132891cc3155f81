// Plugin registry and pipeline engine.
// plugin/: tokens, the container module, the registry (with the assembled schema), descriptions.
export { PLUGIN_KINDS, COMPONENT_KINDS, STAGE_KINDS, PLUGIN_TOKENS, ANY_PLUGIN_TOKEN, pluginToken, isPluginKind, isComponentKind } from './plugin/tokens.js';
export { pluginModule } from './plugin/plugin-module.js';
export { defineStage, defineComponent } from './plugin/define.js';
export { createComponents } from './plugin/components.js';
export { PluginRegistry, buildRegistry, compileRegistry } from './plugin/registry.js';
export type { CompileOptions } from './plugin/registry.js';
export { validatorCacheDir } from './plugin/validator-cache.js';
export { KIND_KEYWORD, EXPECTED_KEYWORD, NONE_KEYWORD, usesOf } from './plugin/pipeline-schema.js';
export { describePlugins, describePlugin } from './plugin/describe.js';
export type { PluginDescription, OptionDescription } from './plugin/describe.js';
export { formatPluginList } from './plugin/format-list.js';
export { editDistance, closest } from './plugin/suggest.js';
// pipeline/: read -> plugin requests -> load (overrides, schema, graph) -> run.
export { readPipelineFile, parsePipelineText } from './pipeline/source.js';
export type { PipelineSource } from './pipeline/source.js';
export { pipelinePluginRequests } from './pipeline/requests.js';
export type { PluginRequest } from './pipeline/requests.js';
export { loadPipeline, validatePipelineFile } from './pipeline/load.js';
export { readSweep, expandSweep, gridSize, attributeTrialErrors, MAX_TRIALS } from './pipeline/sweep.js';
export type { SweepAxis, SweepSpec, SweepTrial } from './pipeline/sweep.js';
export type { LoadOptions } from './pipeline/load.js';
export type { PipelinePlan, PlanStage, StageRunner } from './pipeline/plan.js';
export { runPipeline } from './pipeline/runner.js';
export { RUN_KEY } from './pipeline/run-folder.js';
export type { RunInfo } from './pipeline/run-folder.js';
export { metricsTable, renderIndex } from './pipeline/index-html.js';
export type { IndexPage, PageRenderer, StageRecord } from './pipeline/index-html.js';
export { createComponentContext } from './pipeline/stage-context.js';
export type { RunOptions, RunSummary, StageSummary } from './pipeline/runner.js';
export { stageFingerprint, canonicalJson } from './pipeline/fingerprint.js';
export { pluginVersions, resolvedYaml } from './pipeline/resolved.js';
export { stageCheckpoints, CHECKPOINT_FILE } from './pipeline/checkpoints.js';
export type { StageCheckpoints } from './pipeline/checkpoints.js';
export { StageFailure } from './errors.js';
export { writeFileWhole, FileWriteError } from './io/write-file.js';
export { workerExecArgv } from './io/worker-flags.js';
