import { err, ok, type Result } from 'neverthrow';
import { siaError, type SiaError } from '../errors.js';
import { knownNamesHint } from '../plugin/suggest.js';
import type { InputSpec } from '../plugin/types.js';
import type { ArtifactType } from './artifacts.js';
import type { Where } from './schema-errors.js';

/** A stage as the graph check sees it: its ports (when its plugin is known) and its `inputs:`. */
export interface GraphNode {
  readonly id: string;
  /** Undefined when `uses` named no known plugin (already reported by the schema check). */
  readonly ports?: { readonly inputs: Readonly<Record<string, InputSpec>>; readonly output: ArtifactType };
  /** The stage's `inputs:` as written: port -> stage id. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** Stage ids: a letter or underscore, then letters, digits, `_` or `-` (safe in paths and `--set`). */
/** Stage ids name folders of the run: at most 64 characters, safe in a file name on every system. */
export const STAGE_ID_PATTERN: RegExp = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * Checks the stage graph before anything runs and returns the stages in run order.
 * Reported together: bad stage ids, unknown ports, missing required inputs, references to
 * unknown stages, artifact type mismatches, and every cycle (naming its stages in order).
 * Order is topological, ties broken by the order stages appear in the file, so runs are stable.
 */
export function checkGraph(nodes: readonly GraphNode[], where: Where): Result<string[], SiaError[]> {
  const errors: SiaError[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ids = nodes.map((n) => n.id);
  /** producer -> consumers, and consumer -> producers, only for valid references. */
  const deps = new Map<string, string[]>(ids.map((id) => [id, []]));

  for (const n of nodes) {
    if (!STAGE_ID_PATTERN.test(n.id)) {
      errors.push(
        siaError('schema/invalid', `bad stage id "${n.id.length > 70 ? `${n.id.slice(0, 60)}...` : n.id}": use at most 64 letters, digits, _ and -, starting with a letter`, { ...where(['stages', n.id], 'key') }),
      );
    }
    const ports = n.ports?.inputs;
    for (const [port, ref] of Object.entries(n.inputs)) {
      const at = ['stages', n.id, 'inputs', port];
      if (ports !== undefined && !(port in ports)) {
        const known = Object.keys(ports);
        errors.push(
          siaError('graph/unknown-port', `stage ${n.id} has no input "${port}"`, {
            ...where(at, 'key'),
            hint: known.length > 0 ? knownNamesHint(port, known, 'its inputs are') : 'it takes no inputs',
          }),
        );
        continue;
      }
      if (typeof ref !== 'string') continue; // the schema check reported it
      const producer = byId.get(ref);
      if (producer === undefined) {
        errors.push(
          siaError('graph/unknown-input', `stage ${n.id} input ${port} refers to unknown stage "${ref}"`, {
            ...where(at, 'value'),
            hint: knownNamesHint(ref, ids.filter((i) => i !== n.id), 'known stages'),
          }),
        );
        continue;
      }
      deps.get(n.id)!.push(ref);
      const accepts = ports?.[port]?.accepts;
      const gives = producer.ports?.output;
      if (accepts !== undefined && gives !== undefined && !accepts.includes(gives)) {
        errors.push(
          siaError('graph/type-mismatch', `stage ${n.id} input ${port} expects ${accepts.join(' or ')}, but ${ref} gives ${gives}`, {
            ...where(at, 'value'),
          }),
        );
      }
    }
    for (const [port, spec] of Object.entries(ports ?? {})) {
      if (spec.optional !== true && !(port in n.inputs)) {
        errors.push(
          siaError('graph/missing-input', `stage ${n.id} needs input "${port}" (a ${spec.accepts.join(' or ')})`, {
            ...where(['stages', n.id, 'inputs'], 'key'),
            path: `stages.${n.id}.inputs.${port}`,
            hint: `add inputs: { ${port}: <stage id> }`,
          }),
        );
      }
    }
  }

  const portOf = (consumer: string, producer: string): string | undefined =>
    Object.entries(byId.get(consumer)?.inputs ?? {}).find(([, ref]) => ref === producer)?.[0];
  errors.push(...findCycles(ids, deps, portOf, where));
  if (errors.length > 0) return err(errors);
  return ok(topologicalOrder(ids, deps));
}

/** Kahn's algorithm; among ready stages the one written first runs first. */
function topologicalOrder(ids: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < ids.length) {
    const next = ids.find((id) => !done.has(id) && deps.get(id)!.every((d) => done.has(d)));
    if (next === undefined) break; // only with a cycle, which was reported
    done.add(next);
    order.push(next);
  }
  return order;
}

/**
 * Every cycle, one per strongly connected component (Tarjan), reported as the path
 * `a -> b -> c -> a` in data-flow order, starting from the stage written first.
 */
function findCycles(
  ids: readonly string[],
  deps: ReadonlyMap<string, readonly string[]>,
  portOf: (consumer: string, producer: string) => string | undefined,
  where: Where,
): SiaError[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of deps.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (deps.get(v) ?? []).includes(v)) components.push(comp);
    }
  };
  for (const id of ids) if (!index.has(id)) visit(id);

  return components.map((comp) => {
    const members = new Set(comp);
    const start = ids.find((id) => members.has(id))!;
    // Walk producer edges inside the component back to the start, then reverse for data-flow order.
    const path = walkBack(start, deps, members);
    const flow = [...path].reverse();
    const [producer, consumer] = flow;
    const port = portOf(consumer, producer);
    const at = port === undefined ? ['stages', consumer, 'inputs'] : ['stages', consumer, 'inputs', port];
    return siaError('graph/cycle', `stages form a cycle: ${flow.join(' -> ')}`, {
      ...where(at, 'value'),
      hint: consumer === producer ? `${consumer} takes its own output as input` : 'a stage cannot depend on its own output; remove one of these inputs',
    });
  });
}

/** A closed walk start -> ... -> start following producer edges within `members` (DFS). */
function walkBack(start: string, deps: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const dfs = (v: string, path: string[]): string[] | undefined => {
    for (const w of deps.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) return [...path, w];
      if (seen.has(w)) continue;
      seen.add(w);
      const found = dfs(w, [...path, w]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return dfs(start, [start]) ?? [start, start];
}
