/**
 * This thread's Node flags for a worker thread that runs the built packages, without
 * `--conditions` (`-C`): a test runner that resolves the packages to their TypeScript sources (the
 * 'source' condition) would otherwise send the worker's plain Node imports to .ts files.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conditions' || a === '-C') i++;
    else if (!a.startsWith('--conditions=') && !a.startsWith('-C=')) out.push(a);
  }
  return out;
}
