/** `--serve` without a number: any free port (the address is printed). */
export const DEFAULT_PORT = 0;

/** `--serve [port]` as commander gives it: true (no value) or the text typed. A string is the error. */
export function parsePort(value: string | true): number | string {
  if (value === true) return DEFAULT_PORT;
  const t = value.trim();
  if (!/^\d+$/.test(t) || Number(t) > 65535) return `--serve ${value}: expected a port number from 0 to 65535 (0: any free port)`;
  return Number(t);
}
