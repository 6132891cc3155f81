import { runPipeline, type PipelinePlan } from '@sia/core';
import { EXIT_OK } from '../exit-codes.js';
import { reportErrors } from '../report-errors.js';
import { EXIT_BAD_INPUT } from '../exit-codes.js';
import { claimOutDir, claimRunDir } from '../out-dir.js';
import { createReporter } from '../report/create-reporter.js';
import { watchInterrupts } from '../interrupt.js';
import { displayPath, formatRunSummary } from '../summary.js';
import { preparePipeline, type PipelineFlags } from './prepare.js';

export interface RunFlags extends PipelineFlags {
  readonly out?: string | undefined;
  readonly quiet: boolean;
  /** false with `--no-cache`: rerun every stage. */
  readonly cache: boolean;
  /** `--force`: an `--out` folder holding an earlier run is emptied first. */
  readonly force?: boolean;
}

/**
 * `sia run <file>`: validates everything first (bad input exits 2 with nothing written), then
 * claims the run folder, runs the stages with progress, and prints where the outputs are and the
 * headline metrics. A failure while running exits 1, naming the stage; files already written stay.
 */
export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const prepared = await preparePipeline(file, flags);
  if (prepared.isErr()) return reportErrors(prepared.error);
  const { plan } = prepared.value;

  const claimed = claimOutDir(flags.out ?? claimRunDir(plan.name), flags.force === true);
  if (typeof claimed === 'string') {
    process.stderr.write(`sia: ${claimed} [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  if (claimed.removed.length > 0) {
    process.stderr.write(`sia: --force: removed the earlier run in ${displayPath(claimed.dir)} (${claimed.removed.join(', ')})\n`);
  }
  const outDir = claimed.dir;
  try {
    return await runIn(plan, outDir, flags);
  } finally {
    claimed.release();
  }
}

async function runIn(plan: PipelinePlan, outDir: string, flags: RunFlags): Promise<number> {
  const reporter = await createReporter({ quiet: flags.quiet, err: process.stderr, out: process.stdout });
  const interrupt = watchInterrupts();
  let result;
  try {
    result = await runPipeline(plan, { outDir, reporter, cache: flags.cache, signal: interrupt.signal });
  } finally {
    reporter.close(result?.isOk() ?? false);
    interrupt.dispose();
  }
  if (result.isErr()) {
    if (interrupt.received() !== undefined && result.error.some((e) => e.code === 'run/interrupted')) {
      reportErrors(result.error);
      process.stderr.write(`${plan.name}: interrupted; the finished stages' files, metrics.json, index.html and run.log are in ${displayPath(outDir)}\n`);
      return interrupt.exitCode();
    }
    const code = reportErrors(result.error);
    process.stderr.write(`${plan.name}: the run stopped; what was written so far is in ${displayPath(outDir)}\n`);
    return code;
  }
  process.stdout.write(`${formatRunSummary(plan.name, result.value).join('\n')}\n`);
  return EXIT_OK;
}
