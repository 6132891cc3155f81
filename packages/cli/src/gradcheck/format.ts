import { formatShape, type ComponentConfig, type ComponentPlugin } from '@sia/core';
import type { CheckOutcome, CheckSetup } from './check.js';

/**
 * `sia gradcheck`'s report: a header with the plugin and its resolved options, the setup, one
 * line per checked tensor with its largest relative error, then PASS or FAIL. For example
 *
 *   gradcheck layer/dense 0.1.0 {units: 4, activation: {type: tanh, beta: 1}, bias: zeros}
 *   input 6 -> 4, batch 3, training, seed 1
 *     layer.weight  24 entries  max relative error 3.1e-11
 *     layer.bias     4 entries  max relative error 8.0e-12
 *     input         18 entries  max relative error 2.2e-11
 *   PASS  largest relative error 3.1e-11 <= tolerance 1e-5
 */
export function formatReport(
  plugin: ComponentPlugin,
  config: ComponentConfig,
  setup: CheckSetup,
  outcome: CheckOutcome,
  tolerance: number,
): string[] {
  const { type: _type, ...options } = config;
  const lines = [`gradcheck ${plugin.kind}/${plugin.name} ${plugin.version} ${flowYaml(options)}`];
  const seed = `seed ${setup.seed}`;
  if (plugin.kind === 'layer') {
    const out = outcome.outputShape !== undefined ? ` -> ${formatShape(outcome.outputShape)}` : '';
    lines.push(`input ${formatShape(setup.input)}${out}, batch ${setup.batch}, ${setup.training ? 'training' : 'evaluation'}, ${seed}`);
  } else {
    const what = plugin.kind === 'activation' ? 'z' : 'pred and target';
    lines.push(`${what} ${setup.batch}x${formatShape(setup.input)}, ${seed}`);
  }
  const width = Math.max(...outcome.tensors.map((t) => t.name.length));
  const count = Math.max(...outcome.tensors.map((t) => String(t.entries).length));
  for (const t of outcome.tensors) {
    const bad = !(t.maxRelativeError <= tolerance) ? '  FAIL' : '';
    lines.push(`  ${t.name.padEnd(width)}  ${String(t.entries).padStart(count)} entries  max relative error ${formatError(t.maxRelativeError)}${bad}`);
  }
  const { maxRelativeError: max, worst } = outcome.result;
  if (max <= tolerance) {
    lines.push(`PASS  largest relative error ${formatError(max)} <= tolerance ${formatNumber(tolerance)}`);
  } else {
    const tensor = outcome.tensors.find((t) => t.name === worst.tensor);
    const at = tensor?.itemSize !== undefined ? `${Math.floor(worst.index / tensor.itemSize)}, ${worst.index % tensor.itemSize}` : String(worst.index);
    lines.push(
      `FAIL  largest relative error ${formatError(max)} > tolerance ${formatNumber(tolerance)} at ${worst.tensor}[${at}]: analytic ${formatNumber(worst.analytic)}, numeric ${formatNumber(worst.numeric)}`,
    );
  }
  return lines;
}

/** Two significant digits: `3.1e-11`, `0.25`, `1.7`, `0`; `inf` for a NaN or infinite derivative. */
export function formatError(e: number): string {
  if (e === 0) return '0';
  if (!Number.isFinite(e)) return 'inf';
  return e >= 1e-3 ? String(Number(e.toPrecision(2))) : e.toExponential(1);
}

/** Six significant digits without trailing zeros: `0.512345`, `-3`, `1e-5` (small ones as powers of ten), `NaN`. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const short = Number(n.toPrecision(6));
  return short !== 0 && Math.abs(short) < 1e-3 ? short.toExponential() : String(short);
}

const PLAIN = /^[A-Za-z_][\w.:-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** A value as one line of flow YAML: `{units: 4, activation: {type: tanh, beta: 1}}`. */
export function flowYaml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${PLAIN.test(k) ? k : JSON.stringify(k)}: ${flowYaml(v)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Math.abs(value) < 1e-3 && value !== 0 ? value.toExponential() : String(value);
  return String(value);
}
