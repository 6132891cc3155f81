import { describe, expect, it } from 'vitest';
import { watchInterrupts } from './interrupt.js';

describe('watchInterrupts', () => {
  it('aborts on the first signal and exits at once on the second, with 128 + the signal number', () => {
    const lines: string[] = [];
    const exits: number[] = [];
    const w = watchInterrupts({ write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream, (c) => exits.push(c));
    try {
      expect(w.signal.aborted).toBe(false);
      process.emit('SIGINT', 'SIGINT');
      expect(w.signal.aborted).toBe(true);
      expect(w.received()).toBe('SIGINT');
      expect(w.exitCode()).toBe(130);
      expect(exits).toEqual([]);
      expect(lines.join('')).toMatch(/Ctrl-C: stopping at the next batch boundary/);
      process.emit('SIGTERM', 'SIGTERM');
      expect(exits).toEqual([143]);
      expect(lines.join('')).toMatch(/SIGTERM again: quitting at once/);
    } finally {
      w.dispose();
    }
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});
