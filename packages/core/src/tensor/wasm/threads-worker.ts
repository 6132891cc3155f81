/**
 * The source of a kernel worker thread (run by `threads-pool.ts` with `eval: true`).
 *
 * Why a string: the worker must start the same way from the TypeScript sources (tests), the built
 * `dist` and a bundle, and a string needs no file next to the caller. It is plain CommonJS with
 * no imports beyond `node:worker_threads`.
 *
 * Protocol (shared `Int32Array` control, one word per 64-byte line, and `Float64Array` arguments):
 *   SEQ    raised by the caller to wake the workers for a job; −1 stops them
 *   CLAIM  (parts << 16) | next: the job's part count and the next part nobody took yet. A thread
 *          takes part `next` by compare-and-swap, so each part runs exactly once, on whichever
 *          thread gets it first: a worker the system schedules late simply finds nothing left.
 *   DONE   parts finished (the caller waits until it equals the part count)
 *   FAIL   set when a part threw (a bug: a trap in a kernel)
 *   READY  workers that have instantiated the module
 *   args   [memory byte length, offset of part 0, offset of part 1, ...]; at a part's offset:
 *          [call count, then per call: kernel index, argument count, arguments...]
 * The caller writes the arguments, DONE = 0, then CLAIM, then SEQ: a part is read only after it
 * is claimed, and a job's arguments are rewritten only after all its parts are done.
 * Idle workers spin on SEQ for a while before sleeping in Atomics.wait: a training step posts
 * products in quick succession, and waking a sleeping thread costs more than a short spin.
 */
export const WORKER_SOURCE: string = `
'use strict';
const { workerData } = require('node:worker_threads');
const { module, memory, control, args, spin, SEQ, CLAIM, DONE, FAIL, READY } = workerData;
const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
const fns = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => instance.exports[e.name]);
const I = new Int32Array(control);
const F = new Float64Array(args);
let known = memory.buffer.byteLength;
Atomics.add(I, READY, 1);
let seen = Atomics.load(I, SEQ);
for (;;) {
  let seq = Atomics.load(I, SEQ);
  for (let s = 0; seq === seen && s < spin; s++) seq = Atomics.load(I, SEQ);
  while (seq === seen) {
    Atomics.wait(I, SEQ, seen);
    seq = Atomics.load(I, SEQ);
  }
  if (seq < 0) break;
  seen = seq;
  for (;;) {
    const w = Atomics.load(I, CLAIM);
    const next = w & 0xffff;
    if (next >= w >>> 16) break;
    if (Atomics.compareExchange(I, CLAIM, w, w + 1) !== w) continue;
    try {
      // The caller may have grown the memory since: reading .buffer brings this thread up to date.
      if (known < F[0]) known = memory.buffer.byteLength;
      let p = F[1 + next];
      const calls = F[p++];
      for (let c = 0; c < calls; c++) {
        const f = fns[F[p]];
        const n = F[p + 1];
        p += 2;
        f(F[p], F[p + 1], F[p + 2], F[p + 3], F[p + 4], F[p + 5], F[p + 6], F[p + 7], F[p + 8], F[p + 9], F[p + 10], F[p + 11], F[p + 12], F[p + 13], F[p + 14], F[p + 15]);
        p += n;
      }
    } catch {
      Atomics.store(I, FAIL, 1);
    }
    Atomics.add(I, DONE, 1);
    Atomics.notify(I, DONE);
  }
}
`;
