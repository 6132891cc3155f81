/**
 * Reads the earlier tool's JSON configuration (JSON with `//` and `/* *\/` comments) into a
 * checked value. Every problem is reported as one `SiaError` with the file, line and column
 * of the offending key or value: comments are blanked out with spaces (newlines kept, so
 * offsets and positions stay those of the file), the text is parsed with `yaml` (a superset
 * of JSON) to keep the position of every node, and the node tree is walked.
 */
import { closest, siaError, type SiaError } from '@sia/core';
import { err, ok, type Result } from 'neverthrow';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

export const PROBLEMS = ['CONVENTIONAL', 'DENOISING', 'VARIATIONAL'] as const;
export const NOISE_TYPES = ['GAUSSIAN', 'SALT_AND_PEPPER'] as const;
export const OPTIMIZERS = ['GRADIENT_DESCENT', 'MOMENTUM', 'ADAM'] as const;
export const UPDATERS = ['ONLINE', 'BATCH', 'MINI-BATCH'] as const;
export const ACTIVATIONS = ['LINEAR', 'LOGISTIC', 'TANH', 'RELU'] as const;

export type Problem = (typeof PROBLEMS)[number];
export type NoiseType = (typeof NOISE_TYPES)[number];
export type OptimizerType = (typeof OPTIMIZERS)[number];
export type UpdaterType = (typeof UPDATERS)[number];
export type ActivationType = (typeof ACTIVATIONS)[number];

export interface ImportedLayer {
  readonly neuronQty: number;
  readonly activation: { readonly type: ActivationType; readonly beta?: number };
}

/** The earlier tool's configuration; absent optional values stay absent (sia's defaults apply). */
export interface ImportedConfig {
  readonly problem: Problem;
  readonly noise?: { readonly type: NoiseType; readonly level?: number; readonly threshold?: number };
  readonly epsilon?: number;
  readonly maxEpochs?: number;
  readonly optimizer?: {
    readonly type: OptimizerType;
    readonly rate?: number;
    readonly alpha?: number;
    readonly beta1?: number;
    readonly beta2?: number;
  };
  readonly updater?: { readonly type: UpdaterType; readonly batchSize?: number };
  /** First hidden layer down to the latent layer (last). */
  readonly encoder: readonly ImportedLayer[];
  readonly seed?: number;
}

/**
 * Replaces every `//` and `/* *\/` comment outside strings with spaces, keeping newlines (and
 * so every offset). Returns the offset of an unterminated block comment as an error.
 */
export function blankComments(text: string): Result<string, { offset: number; message: string }> {
  const out = text.split('');
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 2;
      else {
        if (c === '"' || c === '\n') inString = false;
        i++;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') out[i++] = ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const start = i;
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return err({ offset: start, message: 'unterminated /* comment' });
      for (; i < end + 2; i++) if (text[i] !== '\n' && text[i] !== '\r') out[i] = ' ';
    } else i++;
  }
  return ok(out.join(''));
}

class ConfigError extends Error {
  constructor(readonly error: SiaError) {
    super(error.message);
  }
}

/** Parses and checks the configuration in `text`; `file` names it in errors. */
export function readConfig(text: string, file: string): Result<ImportedConfig, SiaError> {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined, path?: string): Pick<SiaError, 'file' | 'line' | 'column' | 'path'> => {
    const where: { file: string; line?: number; column?: number; path?: string } = { file };
    if (offset !== undefined) {
      const pos = lineCounter.linePos(offset);
      where.line = pos.line;
      where.column = pos.col;
    }
    if (path) where.path = path;
    return where;
  };

  const blanked = blankComments(text);
  if (blanked.isErr()) {
    // The line counter is filled by the parse; count the lines here instead.
    const before = text.slice(0, blanked.error.offset).split('\n');
    return err(siaError('yaml/parse', blanked.error.message, { file, line: before.length, column: before[before.length - 1].length + 1 }));
  }
  const source = blanked.value;

  const doc = parseDocument(source, { lineCounter, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const message = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '');
    const text = first.code === 'DUPLICATE_KEY' ? 'duplicate key' : `not valid JSON: ${message}`;
    return err(siaError('yaml/parse', text, pos ? { file, line: pos.line, column: pos.col } : { file }));
  }
  // yaml accepts more than JSON (unquoted words, block maps, trailing commas): hold the file to
  // JSON too, located where possible.
  const notJson = findNonJson(doc.contents, source);
  if (notJson) return err(siaError('yaml/parse', `not valid JSON: ${notJson.message}`, at(notJson.offset)));
  try {
    JSON.parse(source);
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).replace(/ in JSON at position \d+.*$/, '');
    const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    return err(siaError('yaml/parse', `not valid JSON: ${message}`, at(m ? Number(m[1]) : undefined)));
  }

  const root = doc.contents;
  try {
    return ok(walk(root, at));
  } catch (e) {
    if (e instanceof ConfigError) return err(e.error);
    throw e;
  }
}

/** The first place where `root` (parsed by yaml) is not JSON: a bare word, a block collection, a trailing comma. */
function findNonJson(root: Node | null, source: string): { offset: number; message: string } | undefined {
  const visit = (node: Node | null | undefined): { offset: number; message: string } | undefined => {
    if (!node) return undefined;
    if (isMap(node) || isSeq(node)) {
      if (!node.flow) return { offset: node.range?.[0] ?? 0, message: `expected ${isMap(node) ? '{' : '['}` };
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          const key = item.key as Node | null;
          if (!isScalar(key) || key.type !== 'QUOTE_DOUBLE') return { offset: key?.range?.[0] ?? 0, message: 'expected a key in double quotes' };
          const found = visit(item.value as Node | null);
          if (found) return found;
        } else {
          const found = visit(item as Node | null);
          if (found) return found;
        }
      }
      return undefined;
    }
    if (isScalar(node)) {
      const offset = node.range?.[0] ?? 0;
      const bad = { offset, message: 'expected a string in double quotes, a number, true, false or null' };
      if (typeof node.value === 'string') return node.type === 'QUOTE_DOUBLE' ? undefined : bad;
      const raw = source.slice(offset, node.range?.[1] ?? offset);
      return /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(raw) ? undefined : bad;
    }
    return { offset: node.range?.[0] ?? 0, message: 'unexpected value' };
  };
  const found = visit(root);
  if (found) return found;
  // A comma right before a closing bracket (the blanked text has no comments, strings are skipped).
  const trailing = /"(?:[^"\\\n]|\\.)*"|(,)\s*[\]}]/g;
  for (let m = trailing.exec(source); m; m = trailing.exec(source)) if (m[1]) return { offset: m.index, message: 'trailing comma' };
  return undefined;
}

type At = (offset: number | undefined, path?: string) => Pick<SiaError, 'file' | 'line' | 'column' | 'path'>;

function walk(root: Node | null, at: At): ImportedConfig {
  const fail = (node: Node | null | undefined, path: string, message: string, hint?: string, code: 'schema/invalid' | 'schema/unknown-key' = 'schema/invalid'): never => {
    throw new ConfigError(siaError(code, message, { ...at(node?.range?.[0] ?? 0, path || undefined), ...(hint ? { hint } : {}) }));
  };
  const kindOf = (node: Node | null | undefined): string => {
    if (!node) return 'nothing';
    if (isMap(node)) return 'an object';
    if (isSeq(node)) return 'a list';
    if (isScalar(node)) {
      const v = node.value;
      if (v === null) return 'null';
      return typeof v === 'string' ? `the string ${JSON.stringify(v)}` : `${typeof v} ${String(v)}`;
    }
    return 'something else';
  };

  /** The entries of an object, after rejecting unknown and duplicate keys. */
  const object = (node: Node | null | undefined, path: string, known: readonly string[]): Map<string, { key: Node; value: Node | null }> => {
    if (!isMap(node)) return fail(node, path, `expected an object, got ${kindOf(node)}`);
    const entries = new Map<string, { key: Node; value: Node | null }>();
    for (const pair of (node as YAMLMap<Node, Node | null>).items as Pair<Node, Node | null>[]) {
      const key = pair.key;
      const name = isScalar(key) ? String(key.value) : '';
      const keyPath = path ? `${path}.${name}` : name;
      if (!known.includes(name)) {
        const near = closest(name, known);
        fail(key, keyPath, `unknown key "${name}"`, near ? `did you mean "${near}"? known: ${known.join(', ')}` : `known: ${known.join(', ')}`, 'schema/unknown-key');
      }
      entries.set(name, { key, value: pair.value });
    }
    return entries;
  };
  const required = (entries: Map<string, { key: Node; value: Node | null }>, name: string, owner: Node | null | undefined, path: string): Node | null => {
    const entry = entries.get(name);
    if (!entry) return fail(owner, path, `missing key "${name}"`);
    return entry.value;
  };
  const enumValue = <T extends string>(node: Node | null | undefined, path: string, values: readonly T[], what: string): T => {
    if (!isScalar(node) || typeof node.value !== 'string') return fail(node, path, `expected ${what} as a string, got ${kindOf(node)}`, `one of: ${values.join(', ')}`);
    const v = node.value;
    if (!(values as readonly string[]).includes(v)) {
      const near = closest(v, values);
      return fail(node, path, `unknown ${what} "${v}"`, near ? `did you mean ${near}? one of: ${values.join(', ')}` : `one of: ${values.join(', ')}`);
    }
    return v as T;
  };
  const number = (
    node: Node | null | undefined,
    path: string,
    rule: { integer?: boolean; min?: number; exclusiveMin?: boolean; max?: number; exclusiveMax?: boolean } = {},
    used = true,
  ): number => {
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) return fail(node, path, `expected a number, got ${kindOf(node)}`);
    const v = node.value;
    // An option the chosen type ignores (the earlier tool wrote them all) need only be a number.
    if (!used) return v;
    if (rule.integer && !Number.isInteger(v)) fail(node, path, `expected an integer, got ${v}`);
    if (rule.min !== undefined && (rule.exclusiveMin ? v <= rule.min : v < rule.min)) fail(node, path, `expected a number ${rule.exclusiveMin ? '>' : '>='} ${rule.min}, got ${v}`);
    if (rule.max !== undefined && (rule.exclusiveMax ? v >= rule.max : v > rule.max)) fail(node, path, `expected a number ${rule.exclusiveMax ? '<' : '<='} ${rule.max}, got ${v}`);
    return v;
  };
  const optional = <T>(entries: Map<string, { key: Node; value: Node | null }>, name: string, read: (node: Node | null) => T): T | undefined => {
    const entry = entries.get(name);
    return entry ? read(entry.value) : undefined;
  };

  const top = object(root, '', ['problem', 'problemOptions', 'hyperparameters', 'encoderArchitecture', 'architecture', 'seed']);
  const problem = enumValue(required(top, 'problem', root, ''), 'problem', PROBLEMS, 'problem');

  // problemOptions: checked whenever present, used by DENOISING only.
  let noise: ImportedConfig['noise'];
  const optionsEntry = top.get('problemOptions');
  if (optionsEntry) {
    const o = object(optionsEntry.value, 'problemOptions', ['noiseType', 'noiseLevel', 'noiseThreshold']);
    const type = optional(o, 'noiseType', (n) => enumValue(n, 'problemOptions.noiseType', NOISE_TYPES, 'noise type'));
    const denoising = problem === 'DENOISING';
    const level = optional(o, 'noiseLevel', (n) => number(n, 'problemOptions.noiseLevel', { min: 0, exclusiveMin: true }, denoising && type === 'GAUSSIAN'));
    const threshold = optional(o, 'noiseThreshold', (n) => number(n, 'problemOptions.noiseThreshold', { min: 0, max: 1 }, denoising && type === 'SALT_AND_PEPPER'));
    if (problem === 'DENOISING') {
      if (type === undefined) fail(optionsEntry.value, 'problemOptions', 'missing key "noiseType" (DENOISING needs it)', `one of: ${NOISE_TYPES.join(', ')}`);
      noise = { type: type as NoiseType, ...(level !== undefined ? { level } : {}), ...(threshold !== undefined ? { threshold } : {}) };
    }
  } else if (problem === 'DENOISING') {
    fail(top.get('problem')?.key, 'problemOptions', 'DENOISING needs "problemOptions" with a "noiseType"', `one of: ${NOISE_TYPES.join(', ')}`);
  }

  let epsilon: number | undefined;
  let maxEpochs: number | undefined;
  let optimizer: ImportedConfig['optimizer'];
  let updater: ImportedConfig['updater'];
  const hyperEntry = top.get('hyperparameters');
  if (hyperEntry) {
    const h = object(hyperEntry.value, 'hyperparameters', ['epsilon', 'maxEpochs', 'optimizer', 'updater']);
    epsilon = optional(h, 'epsilon', (n) => number(n, 'hyperparameters.epsilon', { min: 0 }));
    maxEpochs = optional(h, 'maxEpochs', (n) => number(n, 'hyperparameters.maxEpochs', { integer: true, min: 1, max: 100_000_000 }));
    optimizer = optional(h, 'optimizer', (n) => {
      const p = 'hyperparameters.optimizer';
      const o = object(n, p, ['type', 'options']);
      const type = enumValue(required(o, 'type', n, p), `${p}.type`, OPTIMIZERS, 'optimizer type');
      const opts = optional(o, 'options', (m) => {
        const q = `${p}.options`;
        const x = object(m, q, ['rate', 'alpha', 'beta1', 'beta2']);
        return {
          rate: optional(x, 'rate', (v) => number(v, `${q}.rate`, { min: 0, exclusiveMin: true })),
          alpha: optional(x, 'alpha', (v) => number(v, `${q}.alpha`, { min: 0, max: 1, exclusiveMax: true }, type === 'MOMENTUM')),
          beta1: optional(x, 'beta1', (v) => number(v, `${q}.beta1`, { min: 0, max: 1, exclusiveMax: true }, type === 'ADAM')),
          beta2: optional(x, 'beta2', (v) => number(v, `${q}.beta2`, { min: 0, max: 1, exclusiveMax: true }, type === 'ADAM')),
        };
      });
      return { type, ...defined(opts ?? {}) };
    });
    updater = optional(h, 'updater', (n) => {
      const p = 'hyperparameters.updater';
      const o = object(n, p, ['type', 'options']);
      const type = enumValue(required(o, 'type', n, p), `${p}.type`, UPDATERS, 'updater type');
      const batchSize = optional(o, 'options', (m) => {
        const x = object(m, `${p}.options`, ['batchSize']);
        return optional(x, 'batchSize', (v) => number(v, `${p}.options.batchSize`, { integer: true, min: 1 }, type === 'MINI-BATCH'));
      });
      return { type, ...(batchSize !== undefined ? { batchSize } : {}) };
    });
  }

  const names = ['encoderArchitecture', 'architecture'].filter((k) => top.has(k));
  if (names.length === 0) fail(root, '', 'missing key "encoderArchitecture" (or "architecture")');
  if (names.length > 1) fail(top.get('architecture')?.key, 'architecture', 'give either "encoderArchitecture" or "architecture", not both');
  const archName = names[0];
  const archNode = top.get(archName)?.value;
  if (!isSeq(archNode)) return fail(archNode, archName, `expected a list of layers, got ${kindOf(archNode)}`);
  if (archNode.items.length === 0) fail(archNode, archName, 'expected at least one layer (the last one is the latent layer)');
  const encoder = (archNode.items as (Node | null)[]).map((item, i): ImportedLayer => {
    const p = `${archName}.${i}`;
    const l = object(item, p, ['neuronQty', 'activationFunction']);
    const neuronQty = number(required(l, 'neuronQty', item, p), `${p}.neuronQty`, { integer: true, min: 1, max: 1_000_000 });
    const fnNode = required(l, 'activationFunction', item, p);
    const f = object(fnNode, `${p}.activationFunction`, ['type', 'options']);
    const type = enumValue(required(f, 'type', fnNode, `${p}.activationFunction`), `${p}.activationFunction.type`, ACTIVATIONS, 'activation type');
    const beta = optional(f, 'options', (m) => {
      const q = `${p}.activationFunction.options`;
      const x = object(m, q, ['beta']);
      return optional(x, 'beta', (v) => number(v, `${q}.beta`, { min: 0, exclusiveMin: true }, type === 'TANH' || type === 'LOGISTIC'));
    });
    return { neuronQty, activation: { type, ...(beta !== undefined ? { beta } : {}) } };
  });

  const seed = optional(top, 'seed', (n) => number(n, 'seed', { integer: true, min: 0 }));

  return {
    problem,
    ...(noise ? { noise } : {}),
    ...(epsilon !== undefined ? { epsilon } : {}),
    ...(maxEpochs !== undefined ? { maxEpochs } : {}),
    ...(optimizer ? { optimizer } : {}),
    ...(updater ? { updater } : {}),
    encoder,
    ...(seed !== undefined ? { seed } : {}),
  };
}

function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
