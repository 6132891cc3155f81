import { EXIT_SIGINT, EXIT_SIGTERM } from './exit-codes.js';

/**
 * Ctrl-C and SIGTERM during a run. The first one aborts `signal`: the running stage stops at its
 * next batch boundary and the run ends in order (files flushed, stage marked `interrupted`). A
 * second one exits at once. Works on a terminal and off it, because training gives the event loop
 * a turn every 50 ms (core's `drive`).
 */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** The signal that interrupted the run, if any. */
  readonly received: () => NodeJS.Signals | undefined;
  /** The exit code for the signal received (130 for SIGINT, 143 for SIGTERM). */
  readonly exitCode: () => number;
  /** Removes the handlers. */
  readonly dispose: () => void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export function watchInterrupts(err: NodeJS.WritableStream = process.stderr, exit: (code: number) => void = (c) => process.exit(c)): Interrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const codeOf = (s: NodeJS.Signals | undefined): number => (s === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT);
  const onSignal = (s: NodeJS.Signals): void => {
    if (received !== undefined) {
      err.write(`\nsia: ${s} again: quitting at once\n`);
      exit(codeOf(s));
      return;
    }
    received = s;
    const what = s === 'SIGINT' ? 'Ctrl-C' : s;
    err.write(`\nsia: ${what}: stopping at the next batch boundary (${s === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again quits at once)\n`);
    controller.abort(s);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    exitCode: () => codeOf(received),
    dispose: () => {
      for (const s of SIGNALS) process.off(s, onSignal);
    },
  };
}
