#!/usr/bin/env node
/**
 * The `sia` command. Start-up stays small: only commander is loaded up front; each command
 * imports the engine, the plugins and (on a terminal) ora when it runs, so `sia --help` answers
 * at once.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT, EXIT_RUN_FAILED } from './exit-codes.js';
import { siaVersion as version } from './version.js';

/** Repeatable options; no default given, so help does not print `(default: [])`. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Builds the command tree. Each action sets `process.exitCode`. */
export function createProgram(): Command {
  const program = new Command('sia')
    .description('Train and study autoencoders through declarative YAML pipelines.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(sia --help shows the commands and options)')
    // Inherited by the subcommands defined below: commander throws instead of exiting, so the
    // exit code of a usage error is ours (2, bad input).
    .exitOverride()
    .addHelpText('after', `
Exit codes: 0 success, 1 a failure while running (the stage is named), 2 bad input (nothing was run).

Examples:
  sia run pipelines/ae-letters.yaml
  sia run pipelines/ae-letters.yaml --seed 3 --set stages.model.with.epochs=50 --out /tmp/try
  sia run --resume runs/ae-letters/20261202-154500
  sia run pipelines/ae-letters.yaml --serve 8080     (watch it live at http://127.0.0.1:8080/)
  sia sweep pipelines/study-letters.yaml --workers 2
  sia validate pipelines/ae-letters.yaml
  sia compare runs/ae-letters/20261202-154500 runs/ae-letters/20261202-160210 --out compare.png
  sia plugins --json
  sia schema --out pipelines/sia.schema.json
  sia gradcheck layer/dense --with '{units: 4, activation: {type: tanh}}'`);

  program
    .command('run')
    .description('validate a pipeline, run its stages, and write the model, metrics and figures to a run folder')
    .argument('[file]', 'pipeline YAML file')
    .option('-o, --out <dir>', 'output folder (default: runs/<pipeline name>/<YYYYMMDD-HHMMSS>, never reused)')
    .option('-s, --seed <n>', "seed for this run (overrides the pipeline's seed)")
    .option('--set <path=value>', 'override one value before validation, e.g. stages.model.with.epochs=50 (repeatable)', collect)
    .option('-q, --quiet', 'no progress output (errors still go to stderr)')
    .option('--no-cache', 'rerun every stage instead of reusing cached results')
    .option('--force', 'with --out: replace the earlier run in that folder (only a sia run folder is ever emptied)')
    .option('--resume <run-folder>', 'continue an interrupted or killed run in its folder (same pipeline, seed and --set values; no file)')
    .option('--threads <n>', 'threads for the matrix products (default: $SIA_THREADS, else every core; small products stay on one; same results for any n)')
    .option('--serve [port]', 'watch the run live in a browser: serves a page on http://127.0.0.1:<port>/ (default: any free port, printed) with the stages, the loss curve and the latent plane; the report opens there when the run ends')
    .option('--serve-after', 'with --serve: keep serving the report after the run ends, until Ctrl-C')
    .action(async (file: string | undefined, opts: { out?: string; seed?: string; set?: string[]; quiet?: boolean; cache: boolean; force?: boolean; resume?: string; threads?: string; serve?: string | true; serveAfter?: boolean }) => {
      const { resumeCommand, runCommand } = await import('./commands/run.js');
      const { applyThreads } = await import('./threads.js');
      const threadsError = applyThreads(opts.threads);
      if (threadsError !== undefined) {
        process.stderr.write(`sia: ${threadsError} [cli/usage]\n`);
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      let serve: number | undefined;
      if (opts.serve !== undefined) {
        const { parsePort } = await import('./serve/parse-port.js');
        const port = parsePort(opts.serve);
        if (typeof port === 'string') {
          process.stderr.write(`sia: ${port} [cli/usage]\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        serve = port;
      } else if (opts.serveAfter === true) {
        process.stderr.write('sia: --serve-after goes with --serve [port] [cli/usage]\n');
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      const live = { serve, serveAfter: opts.serveAfter === true };
      if (opts.resume !== undefined) {
        const extra = [file !== undefined ? 'a pipeline file' : '', opts.out !== undefined ? '--out' : '', opts.seed !== undefined ? '--seed' : '', opts.set !== undefined ? '--set' : '', opts.force === true ? '--force' : '', opts.cache === false ? '--no-cache' : ''].filter((x) => x.length > 0);
        if (extra.length > 0) {
          process.stderr.write(`sia: --resume takes the run's own pipeline, seed and overrides; drop ${extra.join(', ')} [cli/usage]\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        process.exitCode = await resumeCommand(opts.resume, { quiet: opts.quiet === true, ...live });
        return;
      }
      if (file === undefined) {
        process.stderr.write('sia: run needs a pipeline file (or --resume <run-folder>) [cli/usage]\n(sia --help shows the commands and options)\n');
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      const { serve: _text, serveAfter: _after, ...rest } = opts;
      process.exitCode = await runCommand(file, { ...rest, set: opts.set ?? [], quiet: opts.quiet === true, ...live });
    });

  program
    .command('validate')
    .description('check a pipeline (syntax, plugins, options, graph) without running it')
    .argument('<file>', 'pipeline YAML file')
    .option('-s, --seed <n>', 'seed to validate with')
    .option('--set <path=value>', 'override one value before validation (repeatable)', collect)
    .action(async (file: string, opts: { seed?: string; set?: string[] }) => {
      const { validateCommand } = await import('./commands/validate.js');
      process.exitCode = await validateCommand(file, { ...opts, set: opts.set ?? [] });
    });

  program
    .command('plugins')
    .description('list every registered plugin by kind and name, with its options')
    .option('--json', 'print the list as JSON')
    .option('--plugin <specifier>', 'also load a third-party plugin module (a path or a package name; repeatable)', collect)
    .action(async (opts: { json?: boolean; plugin?: string[] }) => {
      const { pluginsCommand } = await import('./commands/plugins.js');
      process.exitCode = await pluginsCommand({ json: opts.json === true, plugin: opts.plugin ?? [] });
    });

  program
    .command('schema')
    .description('print the JSON Schema of pipelines with the registered plugins (for editors: completion, hover docs, checks as you type)')
    .option('--plugin <specifier>', 'also load a third-party plugin module (a path or a package name; repeatable)', collect)
    .option('-o, --out <file>', 'write the schema to this file instead of printing it')
    .addHelpText('after', `
yaml-language-server (VS Code's YAML extension by Red Hat, and other editors) reads it from a first line
  # yaml-language-server: $schema=<path of the schema, relative to the pipeline file>

Examples:
  sia schema --out pipelines/sia.schema.json
  sia schema --plugin sia-plugin-example > my-schema.json`)
    .action(async (opts: { plugin?: string[]; out?: string }) => {
      const { schemaCommand } = await import('./commands/schema.js');
      process.exitCode = await schemaCommand({ plugin: opts.plugin ?? [], ...(opts.out !== undefined ? { out: opts.out } : {}) });
    });

  program
    .command('gradcheck')
    .description("check an activation, loss or layer plugin's backward against finite differences; prints PASS or FAIL")
    .argument('<kind/name>', 'the plugin, e.g. activation/tanh, loss/bce, layer/conv2d, activation/acme:softsign')
    .option('--plugin <specifier>', 'also load a third-party plugin module (a path or a package name; repeatable)', collect)
    .option('--with <yaml>', "the plugin's options as YAML, validated and completed as in a pipeline, e.g. --with '{units: 4, activation: {type: tanh}}'")
    .option('--input <shape>', 'item shape: --input 6 (flat) or --input 6,6,1 (height,width,channels); default 6, or 6,6,2 for a layer that takes images only')
    .option('--batch <n>', 'items per batch (default 3)')
    .option('-s, --seed <n>', 'seed of the check points and initial weights (default 1)')
    .option('--tolerance <e>', 'largest relative error that passes (default 1e-5)')
    .option('--max-entries <n>', 'check at most n entries of each tensor, evenly spaced (default: all)')
    .option('--eval', "layers: check the evaluation behaviour instead of training's (dropout off, running statistics)")
    .addHelpText('after', `
Inputs, targets and initial weights are drawn from the seeded stream; a layer is checked in training mode with
its noise stream replayed for every forward (dropout draws the same mask each time). One line per checked
tensor with its largest relative error, then PASS or FAIL. Exit codes: 0 PASS, 1 FAIL, 2 bad input.

Examples:
  sia gradcheck activation/tanh --with '{beta: 2}'
  sia gradcheck layer/conv2d --with '{filters: 2, kernel: 3}' --input 6,6,1
  sia gradcheck activation/acme:softsign --plugin sia-plugin-example`)
    .action(async (target: string, opts: { plugin?: string[]; with?: string; input?: string; batch?: string; seed?: string; tolerance?: string; maxEntries?: string; eval?: boolean }) => {
      const { gradcheckCommand } = await import('./commands/gradcheck.js');
      process.exitCode = await gradcheckCommand(target, { ...opts, plugin: opts.plugin ?? [], eval: opts.eval === true });
    });

  program
    .command('sweep')
    .description("run a pipeline's sweep: every trial an ordinary run, in parallel, with a table and a page of the results")
    .argument('[file]', 'pipeline YAML file with a sweep: section (or give --axis)')
    .option('-o, --out <dir>', 'sweep folder (default: sweeps/<pipeline name>/<YYYYMMDD-HHMMSS>; an earlier sweep of the same trials there is continued)')
    .option('-w, --workers <n>', 'trials at a time, each in a worker thread (default: one per core)')
    .option('--axis <path=list>', 'add or replace an axis, e.g. --axis seed=[1,2,3] (repeatable)', collect)
    .option('-s, --seed <n>', "seed of every trial (overrides the pipeline's seed; an axis on seed overrides this)")
    .option('--set <path=value>', 'override one value in every trial (repeatable)', collect)
    .option('-q, --quiet', 'no line per finished trial')
    .option('--queue <redis-url>', 'send the trials to a BullMQ queue on Redis instead, for sia worker processes anywhere')
    .option('--resume <sweep-folder>', 'continue an interrupted sweep (its own pipeline, axes and overrides)')
    .option('--threads <n>', 'threads for the matrix products of each trial (default: $SIA_THREADS, else 1: the trials already fill the cores)')
    .action(async (file: string | undefined, opts: { out?: string; workers?: string; axis?: string[]; seed?: string; set?: string[]; quiet?: boolean; queue?: string; resume?: string; threads?: string }) => {
      const { sweepCommand } = await import('./commands/sweep.js');
      process.exitCode = await sweepCommand(file, { ...opts, axis: opts.axis ?? [], set: opts.set ?? [], quiet: opts.quiet === true });
    });

  program
    .command('worker')
    .description("take sweep trials from a BullMQ queue and run them, until Ctrl-C")
    .option('--queue <redis-url>', 'the queue, e.g. redis://127.0.0.1:6379')
    .option('-o, --out <dir>', "where the trials' run folders go (default: sia-worker)")
    .option('-c, --concurrency <n>', 'trials at a time (default 1)')
    .action(async (opts: { queue?: string; out?: string; concurrency?: string }) => {
      const { workerCommand } = await import('./commands/worker.js');
      process.exitCode = await workerCommand(opts);
    });

  program
    .command('import')
    .description("convert the earlier tool's JSON configuration (comments allowed) into a sia pipeline YAML")
    .argument('<file>', "the earlier tool's JSON configuration")
    .option('-o, --out <file>', 'write the pipeline to this file (default: print it)')
    .option('--force', 'with --out: replace an existing file')
    .action(async (file: string, opts: { out?: string; force?: boolean }) => {
      const { importCommand } = await import('./commands/import.js');
      process.exitCode = await importCommand(file, { out: opts.out, force: opts.force === true });
    });

  program
    .command('runs')
    .description('list the run folders below a folder (default: runs) with their seed, overrides, status and headline metrics')
    .argument('[folder]', 'folder to search (default: runs)')
    .option('--json', 'print the list as JSON')
    .action(async (folder: string | undefined, opts: { json?: boolean }) => {
      const { runsCommand } = await import('./commands/runs.js');
      process.exitCode = await runsCommand(folder, { json: opts.json === true });
    });

  program
    .command('compare')
    .description('print the metrics of two or more runs side by side and draw their loss curves in one picture')
    .argument('<runs...>', 'run folders (at least two)')
    .option('-o, --out <file>', 'write the loss-curve picture to this file (default: compare.png)')
    .action(async (runs: string[], opts: { out?: string }) => {
      const { compareCommand } = await import('./commands/compare.js');
      process.exitCode = await compareCommand(runs, { out: opts.out });
    });

  return program;
}

async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed.
      return e.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    // A bug, not a user error: say so plainly, with the stack for the report.
    process.stderr.write(`sia: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_RUN_FAILED;
  }
}

// A reader that goes away (`sia run ... | head`) ends our output, not the run: the remaining
// lines are dropped quietly and the run finishes and writes its folder as usual.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

process.exitCode = await main(process.argv);
// The command is done. Whatever still holds the event loop (a plugin module whose top-level code
// never settled, a timer it started) must not keep the process alive: exit once output has had
// time to drain. Unref'd, so a process that would end anyway ends at once.
setTimeout(() => process.exit(), 3000).unref();
