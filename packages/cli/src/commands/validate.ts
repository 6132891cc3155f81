import { EXIT_OK } from '../exit-codes.js';
import { reportErrors } from '../report-errors.js';
import { preparePipeline, type PipelineFlags } from './prepare.js';

/** `sia validate <file>`: every check `sia run` makes before running; prints `ok: <n> stages`. */
export async function validateCommand(file: string, flags: PipelineFlags): Promise<number> {
  const prepared = await preparePipeline(file, flags);
  if (prepared.isErr()) return reportErrors(prepared.error);
  process.stdout.write(`ok: ${prepared.value.plan.stages.length} stages\n`);
  return EXIT_OK;
}
