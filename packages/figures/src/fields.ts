/**
 * A data field name as Vega-Lite reads it: '.' and '[' ']' would address nested fields, so a
 * series named `runs/a.1` is written `runs/a\.1`.
 */
export function fieldName(name: string): string {
  return name.replace(/[.[\]\\]/g, (c) => `\\${c}`);
}

/** An integer with thousands separators, the same everywhere (no locale): 28000 -> '28,000'. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
