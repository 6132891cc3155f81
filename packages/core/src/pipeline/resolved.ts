import { Document } from 'yaml';
import { SLOT_KEYWORD } from '../plugin/slot.js';
import type { PluginRegistry } from '../plugin/registry.js';
import type { ComponentKind, Plugin } from '../plugin/types.js';
import type { PipelinePlan, PlanStage } from './plan.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Adds `value`'s nested components (found through the schema's slots) to `out`. */
function collect(schema: unknown, value: unknown, registry: PluginRegistry, out: Map<string, Plugin>): void {
  if (!isObj(schema)) return;
  if (typeof schema[SLOT_KEYWORD] === 'string') {
    if (!isObj(value) || typeof value.type !== 'string') return;
    const p = registry.get(schema[SLOT_KEYWORD] as ComponentKind, value.type);
    if (p === undefined) return;
    out.set(`${p.kind}/${p.name}`, p);
    collect(p.schema, value, registry, out);
    return;
  }
  if (isObj(schema.properties) && isObj(value)) {
    for (const [k, s] of Object.entries(schema.properties)) collect(s, value[k], registry, out);
  }
  if (isObj(schema.items) && Array.isArray(value)) for (const v of value) collect(schema.items, v, registry, out);
  // Alternatives (a layer list or a widths shorthand, `mirror` or a list): every branch is walked;
  // only a value that fits a slot (an object with a `type`) names a plugin.
  for (const k of ['then', 'else']) collect(schema[k], value, registry, out);
  for (const k of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(schema[k])) for (const s of schema[k] as unknown[]) collect(s, value, registry, out);
}

/** `kind/name -> version` of every plugin the plan uses, nested components included. */
export function pluginVersions(plan: PipelinePlan): Record<string, string> {
  return versionsOf(plan.stages, plan.registry);
}

/** `kind/name -> version` of one stage's plugin and the components its options name (for its fingerprint). */
export function stageVersions(stage: PlanStage, registry: PipelinePlan['registry']): Record<string, string> {
  return versionsOf([stage], registry);
}

function versionsOf(stages: readonly PlanStage[], registry: PipelinePlan['registry']): Record<string, string> {
  const used = new Map<string, Plugin>();
  for (const s of stages) {
    used.set(`${s.plugin.kind}/${s.plugin.name}`, s.plugin);
    collect(s.plugin.schema, s.options, registry, used);
  }
  // Plain code-unit order, the same on every machine (localeCompare depends on the locale).
  return Object.fromEntries([...used.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, p]) => [k, registry.versionOf(p)]));
}

/**
 * The pipeline after overrides and defaults, as YAML that `sia run` accepts again. Provenance
 * (date, source, overrides, plugin versions) goes in a leading comment rather than in keys, so the
 * file stays a valid pipeline.
 */
export function resolvedYaml(plan: PipelinePlan, versions: Readonly<Record<string, string>>, date: string): string {
  const doc = new Document(plan.document);
  const lines = [
    ` Resolved by sia on ${date} from ${plan.file}`,
    ...(plan.overrides.length > 0 ? [` overrides: ${plan.overrides.map((o) => `--set ${o}`).join(' ')}`] : []),
    ` seed: ${plan.seed}`,
    ' plugin versions:',
    ...Object.entries(versions).map(([k, v]) => `   ${k} ${v}`),
  ];
  doc.commentBefore = lines.join('\n');
  return doc.toString({ lineWidth: 0 });
}
