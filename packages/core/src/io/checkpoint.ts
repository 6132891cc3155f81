import { readSafetensors, writeSafetensors, type SafetensorsData } from './safetensors.js';

/**
 * A training loop's saved state, written at pauses so that an interrupted or killed run can
 * continue with the same bits: JSON values (the position, the streams, step counts) and named
 * arrays (weights, optimizer moments, the visiting order, histories). What goes in is the
 * trainer's business; core stores it.
 */
export interface Checkpoint {
  readonly meta: Readonly<Record<string, unknown>>;
  readonly arrays: Readonly<Record<string, SafetensorsData>>;
}

/** The `__metadata__` key of a checkpoint file. */
const KEY = 'sia-checkpoint';

/**
 * A checkpoint as safetensors bytes: each array a one-dimensional tensor, and under
 * `__metadata__["sia-checkpoint"]` the JSON `{ format: 1, stamp, meta }`, where `stamp` holds
 * what the store checks on reading (which stage configuration, a digest).
 */
export function encodeCheckpoint(c: Checkpoint, stamp: Readonly<Record<string, string>>): Uint8Array {
  const tensors = Object.fromEntries(Object.entries(c.arrays).map(([name, data]) => [name, { shape: [data.length], data }]));
  return writeSafetensors(tensors, { [KEY]: JSON.stringify({ format: 1, stamp, meta: c.meta }) });
}

/** Reads `encodeCheckpoint` bytes back. Throws an Error saying what is wrong with them. */
export function decodeCheckpoint(bytes: Uint8Array): { checkpoint: Checkpoint; stamp: Record<string, string> } {
  const file = readSafetensors(bytes);
  const text = file.metadata[KEY];
  if (text === undefined) throw new Error('not a sia checkpoint (no sia-checkpoint metadata)');
  const head = JSON.parse(text) as { format?: unknown; stamp?: unknown; meta?: unknown };
  if (head.format !== 1) throw new Error(`checkpoint format ${String(head.format)}, this sia reads 1`);
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isRecord(head.stamp) || !Object.values(head.stamp).every((v) => typeof v === 'string')) throw new Error('checkpoint stamp is malformed');
  if (!isRecord(head.meta)) throw new Error('checkpoint meta is malformed');
  const arrays: Record<string, SafetensorsData> = {};
  for (const [name, t] of Object.entries(file.tensors)) arrays[name] = t.data;
  return { checkpoint: { meta: head.meta, arrays }, stamp: head.stamp as Record<string, string> };
}
