import { EXIT_BAD_INPUT } from '../exit-codes.js';
import { watchInterrupts } from '../interrupt.js';

/** `sia worker --queue redis://host:port`: runs sweep trials from the queue until Ctrl-C or SIGTERM. */
export async function workerCommand(flags: { queue?: string | undefined; out?: string | undefined; concurrency?: string | undefined }): Promise<number> {
  if (flags.queue === undefined || !/^rediss?:\/\//.test(flags.queue)) {
    process.stderr.write(`sia: worker needs --queue redis://host:port${flags.queue !== undefined ? `, got '${flags.queue}'` : ''} [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  const concurrency = flags.concurrency === undefined ? 1 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    process.stderr.write(`sia: --concurrency expects a whole number from 1 to 64, got '${flags.concurrency}' [cli/usage]\n`);
    return EXIT_BAD_INPUT;
  }
  const { runWorker } = await import('../sweep/queue.js');
  const interrupt = watchInterrupts();
  try {
    const time = (): string => new Date().toISOString().slice(11, 19);
    await runWorker({ url: flags.queue, out: flags.out ?? 'sia-worker', concurrency, log: (l) => process.stderr.write(`${time()} ${l}\n`) }, interrupt.signal);
  } finally {
    interrupt.dispose();
  }
  return interrupt.received() !== undefined ? interrupt.exitCode() : 0;
}
