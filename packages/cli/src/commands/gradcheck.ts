import { formatError, formatShape, type SiaError } from '@sia/core';
import { buildPluginRegistry, sourcesFromFlags } from '../container.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_RUN_FAILED } from '../exit-codes.js';
import { reportErrors } from '../report-errors.js';
import { GRADCHECK_KINDS, isGradcheckKind, parseCount, parseShape, parseTarget, parseTolerance, parseWithOptions, unsupportedKind } from '../gradcheck/args.js';
import { runGradcheck, SetupError, type CheckSetup } from '../gradcheck/check.js';
import { formatReport } from '../gradcheck/format.js';
import { resolveComponent } from '../gradcheck/resolve.js';

export interface GradcheckFlags {
  /** Third-party modules to load (`--plugin`, repeatable), resolved from the cwd. */
  readonly plugin: readonly string[];
  /** The plugin's options as YAML. */
  readonly with?: string;
  /** Item shape, `6` or `6,6,1`. */
  readonly input?: string;
  readonly batch?: string;
  readonly seed?: string;
  readonly tolerance?: string;
  readonly maxEntries?: string;
  /** Layers: check the evaluation behaviour instead of training's. */
  readonly eval: boolean;
}

/** Default relative-error bound: what core's checker documents for one correct layer. */
export const DEFAULT_TOLERANCE = 1e-5;
/** Default item shape; a layer that refuses a flat input gets DEFAULT_IMAGE instead. */
export const DEFAULT_INPUT = [6];
export const DEFAULT_IMAGE = [6, 6, 2];

/** One line on stderr, exit 2. */
const usage = (problem: string | SiaError): number => {
  const e: SiaError = typeof problem === 'string' ? { code: 'cli/usage', message: problem } : problem;
  process.stderr.write(`sia: gradcheck: ${formatError(e)}\n`);
  return EXIT_BAD_INPUT;
};

/**
 * `sia gradcheck <kind>/<name>`: checks an activation's, a loss's or a layer's backward against
 * central finite differences (core's checkers) at points drawn from `createRng(seed,
 * 'gradcheck')`. Prints one line per checked tensor and PASS or FAIL; exit 0 on PASS, 1 on
 * FAIL (or a plugin that throws while checked), 2 on bad input.
 */
export async function gradcheckCommand(target: string, flags: GradcheckFlags): Promise<number> {
  const parsed = parseTarget(target);
  if (parsed.isErr()) {
    // A bare name (`tanh`): say which kind/name it is, when it is one.
    const registry = target.includes('/') ? undefined : await buildPluginRegistry(sourcesFromFlags(flags.plugin));
    const found = registry?.isOk() === true ? GRADCHECK_KINDS.filter((k) => registry.value.component(k, target) !== undefined) : [];
    return usage(found.length > 0 ? `${parsed.error}; did you mean ${found.map((k) => `${k}/${target}`).join(' or ')}?` : parsed.error);
  }
  const { kind, name } = parsed.value;
  if (!isGradcheckKind(kind)) return usage(unsupportedKind(kind));
  const options = parseWithOptions(flags.with);
  if (options.isErr()) return usage(options.error);
  const input = flags.input !== undefined ? parseShape(flags.input) : undefined;
  if (input?.isErr()) return usage(input.error);
  const batch = parseCount(flags.batch ?? '3', '--batch', 1, 1000);
  if (batch.isErr()) return usage(batch.error);
  const seed = parseCount(flags.seed ?? '1', '--seed', 0, 2 ** 32 - 1);
  if (seed.isErr()) return usage(seed.error);
  const tolerance = flags.tolerance !== undefined ? parseTolerance(flags.tolerance) : undefined;
  if (tolerance?.isErr()) return usage(tolerance.error);
  const maxEntries = flags.maxEntries !== undefined ? parseCount(flags.maxEntries, '--max-entries', 1, 1_000_000) : undefined;
  if (maxEntries?.isErr()) return usage(maxEntries.error);
  if (flags.eval && kind !== 'layer') return usage(`--eval is for layers; ${kind}s have one behaviour`);

  const registry = await buildPluginRegistry(sourcesFromFlags(flags.plugin));
  if (registry.isErr()) return reportErrors(registry.error);
  const component = resolveComponent(registry.value, kind, name, options.value);
  if (component.isErr()) return usage(component.error);

  const setup = (shape: readonly number[]): CheckSetup => ({
    input: shape,
    batch: batch.value,
    seed: seed.value,
    training: !flags.eval,
    ...(maxEntries !== undefined ? { maxPerTensor: maxEntries._unsafeUnwrap() } : {}),
  });
  let chosen = setup(input?._unsafeUnwrap() ?? DEFAULT_INPUT);
  let outcome;
  let refused: string | undefined;
  try {
    try {
      outcome = runGradcheck(component.value, chosen);
    } catch (e) {
      // Without --input, a layer that takes images only (conv2d) is tried on a small image.
      if (!(e instanceof SetupError) || input !== undefined || kind !== 'layer') throw e;
      refused = e.message;
      chosen = setup(DEFAULT_IMAGE);
      outcome = runGradcheck(component.value, chosen);
    }
  } catch (e) {
    if (e instanceof SetupError) {
      const how = 'give an input shape it takes with --input, e.g. --input 6 or --input 6,6,1';
      return usage(refused !== undefined
        ? `${kind}/${name} takes neither the default input ${formatShape(DEFAULT_INPUT)} (${refused}) nor ${formatShape(DEFAULT_IMAGE)} (${e.message}); ${how}`
        : `${kind}/${name} cannot take a ${formatShape(chosen.input)} input: ${e.message}; ${how}`);
    }
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    process.stderr.write(`sia: gradcheck: ${formatError({ code: 'run/failed', message: `${kind}/${name} threw while being checked: ${message}` })}\n`);
    return EXIT_RUN_FAILED;
  }
  const limit = tolerance?._unsafeUnwrap() ?? DEFAULT_TOLERANCE;
  process.stdout.write(`${formatReport(component.value.plugin, component.value.config, chosen, outcome, limit).join('\n')}\n`);
  return outcome.result.maxRelativeError <= limit ? EXIT_OK : EXIT_RUN_FAILED;
}
