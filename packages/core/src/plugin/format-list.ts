import type { OptionDescription, PluginDescription } from './describe.js';

/** A default as it would be written in a pipeline: `0.001`, `[8, 4]`, `{ type: adam }`. */
function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`);
    return entries.length > 0 ? `{ ${entries.join(', ')} }` : '{}';
  }
  return typeof v === 'string' ? v : String(v);
}

function optionLines(options: readonly OptionDescription[], indent: string): string[] {
  if (options.length === 0) return [`${indent}(no options)`];
  const cells = options.map((o) => [
    o.name,
    o.type,
    o.required ? 'required' : o.default !== undefined ? `default ${show(o.default)}` : 'optional',
    o.constraints ?? '',
    o.description ?? '',
  ]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) =>
    (indent + row.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]) : cell)).join('  ')).trimEnd(),
  );
}

/**
 * Human-readable plugin list, grouped by kind:
 *
 * ```
 * optimizer
 *   adam 0.1.0 - Adam (Kingma & Ba 2015)
 *     rate   number  default 0.001  > 0  step size
 * ```
 */
export function formatPluginList(descriptions: PluginDescription[]): string {
  const out: string[] = [];
  const kinds = [...new Set(descriptions.map((d) => d.kind))];
  for (const kind of kinds) {
    if (out.length > 0) out.push('');
    out.push(kind);
    for (const d of descriptions.filter((x) => x.kind === kind)) {
      out.push(`  ${d.name} ${d.version}${d.description ? ` - ${d.description}` : ''}`);
      if (d.inputs !== undefined && d.output !== undefined) {
        const ins = d.inputs.map((i) => `${i.name}${i.optional ? '?' : ''}: ${i.accepts.join('|')}`).join(', ');
        out.push(`    inputs ${ins.length > 0 ? ins : '(none)'} -> ${d.output}`);
      }
      if (d.kind === 'noise') out.push(d.level !== undefined ? `    level option: ${d.level} (what evaluate/noise-sweep varies)` : '    level option: none (evaluate/noise-sweep cannot vary this noise)');
      out.push(...optionLines(d.options, '    '));
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : 'no plugins registered\n';
}
