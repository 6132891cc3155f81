import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileWhole } from '../io/write-file.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../io/checkpoint.js';
import type { CheckpointStore } from '../plugin/types.js';

/** A stage's checkpoint in its run folder: `<stage>/checkpoint.safetensors`. */
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

/** SHA-256 over the meta JSON and every array's name and bytes, in order. */
function digest(c: Checkpoint): string {
  const h = createHash('sha256').update(JSON.stringify(c.meta));
  for (const [name, data] of Object.entries(c.arrays)) {
    h.update(`\0${name}\0${data.constructor.name}\0`);
    h.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return h.digest('hex');
}

/** The store the runner hands a stage, and what the runner does with it after the stage. */
export interface StageCheckpoints {
  readonly store: CheckpointStore;
  /** Removes the checkpoint (the stage finished: its result is saved). */
  remove(): void;
}

/**
 * Checkpoints of one stage, kept in the run folder and stamped with the stage's fingerprint and a
 * digest. `load` returns a checkpoint only when it is whole, of this sia's format, of the same
 * stage configuration (fingerprint: plugin versions, options, inputs, seed) and matches its
 * digest; anything else is noted in the run log and ignored, so training starts from the
 * beginning rather than from a state nobody can vouch for. Saving is atomic.
 */
export function stageCheckpoints(outDir: string, stageId: string, fingerprint: string, log: (message: string) => void): StageCheckpoints {
  const relative = `${stageId}/${CHECKPOINT_FILE}`;
  const path = join(outDir, stageId, CHECKPOINT_FILE);
  const store: CheckpointStore = {
    path: relative,
    load(): Checkpoint | undefined {
      if (!existsSync(path)) return undefined;
      const ignore = (why: string): undefined => {
        log(`checkpoint ${relative} ignored: ${why}; training from the start`);
        return undefined;
      };
      let decoded;
      try {
        decoded = decodeCheckpoint(readFileSync(path));
      } catch (e) {
        return ignore(e instanceof Error ? e.message : String(e));
      }
      const { checkpoint, stamp } = decoded;
      if (stamp.fingerprint !== fingerprint) return ignore('it was saved by another configuration of this stage');
      if (stamp.digest !== digest(checkpoint)) return ignore('its contents do not match their recorded digest');
      return checkpoint;
    },
    save(c: Checkpoint): string {
      writeFileWhole(path, encodeCheckpoint(c, { fingerprint, digest: digest(c) }));
      return relative;
    },
  };
  return { store, remove: () => rmSync(path, { force: true }) };
}
