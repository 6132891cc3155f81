import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, PIPELINES, sia, tempDir } from './sia.js';

/**
 * Issue 2, item 8: every kind of bad input gets one clear message on stderr naming
 * file:line:column and the path in the document, exit code 2, and nothing written.
 * Each case runs `sia run <fixture> --out <fresh folder>` and checks that the folder was
 * never created. Fixture pipelines use the fixture plugins in fixtures/plugins/stages.mjs.
 */
const tmp = tempDir('sia-bad-input-');
afterAll(tmp.remove);

interface Case {
  readonly title: string;
  readonly args: readonly string[];
  readonly code: string;
  /** Each expected error line must contain these, in order. */
  readonly lines: readonly (readonly string[])[];
}

const cases: Case[] = [
  {
    title: 'a YAML syntax error',
    args: ['bad-yaml.yaml'],
    code: 'yaml/parse',
    lines: [['bad-yaml.yaml:7:3: ', 'YAML syntax error']],
  },
  {
    title: 'an unknown top-level key (lists the known keys)',
    args: ['unknown-key.yaml'],
    code: 'schema/unknown-key',
    lines: [['unknown-key.yaml:6:1 at epochs: ', 'unknown key "epochs"', 'name, description, seed, plugins, stages']],
  },
  {
    title: 'an unknown plugin in uses (names the known ones, suggests the closest)',
    args: ['unknown-uses.yaml'],
    code: 'schema/unknown-plugin',
    lines: [['unknown-uses.yaml:5:11 at stages.data.uses: ', '"dataset/fixture:rmap"', 'dataset/fixture:ramp, dataset/fixture:copy', 'did you mean dataset/fixture:ramp?']],
  },
  {
    title: 'an unknown nested type (names the known ones, suggests the closest)',
    args: ['unknown-type.yaml'],
    code: 'schema/unknown-plugin',
    lines: [['unknown-type.yaml:11:27 at stages.model.with.activation.type: ', 'unknown activation "fixture:wav"', 'known activations:', 'did you mean fixture:wave?']],
  },
  {
    title: 'a wrong option type',
    args: ['wrong-type.yaml'],
    code: 'schema/invalid',
    lines: [['wrong-type.yaml:10:15 at stages.model.with.epochs: ', 'must be an integer, got "many"']],
  },
  {
    title: 'a missing required option',
    args: ['missing-required.yaml'],
    code: 'schema/invalid',
    lines: [['missing-required.yaml:9:5 at stages.model.with.epochs: ', 'missing required option "epochs"']],
  },
  {
    title: 'zero epochs',
    args: ['zero-epochs.yaml'],
    code: 'schema/invalid',
    lines: [['zero-epochs.yaml:10:15 at stages.model.with.epochs: ', 'must be > 0, got 0']],
  },
  {
    title: 'negative epochs given with --set (names the override instead of a line)',
    args: ['good.yaml', '--set', 'stages.model.with.epochs=-3'],
    code: 'schema/invalid',
    lines: [['good.yaml (--set stages.model.with.epochs=-3) at stages.model.with.epochs: ', 'must be > 0, got -3']],
  },
  {
    title: 'an unknown optimizer in a real trainer (suggests adam)',
    args: ['letters.yaml', '--set', 'stages.model.with.optimizer.type=adamm'],
    code: 'schema/unknown-plugin',
    lines: [['letters.yaml (--set stages.model.with.optimizer.type=adamm) at stages.model.with.optimizer.type: ', 'unknown optimizer "adamm"', 'adam, gd, momentum', 'did you mean adam?']],
  },
  {
    title: 'a zero learning rate',
    args: ['letters.yaml', '--set', 'stages.model.with.optimizer.rate=0'],
    code: 'schema/invalid',
    lines: [['at stages.model.with.optimizer.rate: ', 'must be > 0, got 0']],
  },
  {
    title: 'negative units in a layer',
    args: ['letters.yaml', '--set', 'stages.model.with.encoder=[16, -2]'],
    code: 'schema/invalid',
    lines: [['at stages.model.with.encoder[1]: ', 'must be > 0, got -2']],
  },
  {
    title: 'a reference to an unknown stage',
    args: ['unknown-stage.yaml'],
    code: 'graph/unknown-input',
    lines: [['unknown-stage.yaml:8:21 at stages.model.inputs.data: ', 'unknown stage "dataa"', 'did you mean data?']],
  },
  {
    title: 'a cycle (names its stages)',
    args: ['cycle.yaml'],
    code: 'graph/cycle',
    lines: [['cycle.yaml:9:21 at stages.second.inputs.data: ', 'first -> second -> first']],
  },
  {
    title: 'a stage given the wrong kind of artifact',
    args: ['wrong-artifact.yaml'],
    code: 'graph/type-mismatch',
    lines: [['wrong-artifact.yaml:8:22 at stages.score.inputs.model: ', 'expects model, but data gives dataset']],
  },
  {
    title: 'plugins: entries that cannot be imported (one throws, one is missing, one is not installed)',
    args: ['unloadable-plugin.yaml'],
    code: 'plugin/load-failed',
    lines: [
      ['unloadable-plugin.yaml:4:5 at plugins[1]: ', "cannot import plugin module '../plugins/throws-on-import.mjs'", 'fixture exploded while loading'],
      ['unloadable-plugin.yaml:5:5 at plugins[2]: ', "cannot find plugin module './no-such-plugin.mjs'", "relative to the pipeline file's folder"],
      ['unloadable-plugin.yaml:6:5 at plugins[3]: ', "package 'sia-plugin-not-installed' is not installed"],
    ],
  },
  {
    title: 'a plugins: entry that exports no plugin',
    args: ['no-plugin-export.yaml'],
    code: 'plugin/load-failed',
    lines: [['no-plugin-export.yaml:4:5 at plugins[1]: ', "plugin module '../plugins/no-plugin.mjs' exports no plugin", 'greeting (string)']],
  },
  {
    title: 'a missing pipeline file',
    args: ['no-such-pipeline.yaml'],
    code: 'io/not-found',
    lines: [['no-such-pipeline.yaml: ', 'pipeline file not found']],
  },
  {
    title: 'an unreadable pipeline file (a folder)',
    args: ['.'],
    code: 'io/unreadable',
    lines: [['.: ', 'cannot read pipeline file', 'it is a folder']],
  },
  {
    title: 'a malformed --set (no =)',
    args: ['good.yaml', '--set', 'stages.model.with.epochs'],
    code: 'cli/bad-set',
    lines: [['--set stages.model.with.epochs: ', 'expected path=value']],
  },
  {
    title: 'a malformed --set (bad path)',
    args: ['good.yaml', '--set', 'stages..model=3'],
    code: 'cli/bad-set',
    lines: [['--set stages..model=3', 'the path before = must be dotted keys']],
  },
  {
    title: 'a --set aimed at plugins: (they are imported before overrides apply)',
    args: ['good.yaml', '--set', 'plugins=[./other.mjs]'],
    code: 'cli/bad-set',
    lines: [['--set plugins=[./other.mjs] at plugins: ', 'plugins cannot be changed with --set']],
  },
  {
    title: 'a malformed --seed, reported together with the errors in the file',
    args: ['zero-epochs.yaml', '--seed', 'abc'],
    code: 'cli/usage',
    lines: [["--seed expects a whole number >= 0, got 'abc'"], ['zero-epochs.yaml:10:15 at stages.model.with.epochs: ']],
  },
];

describe('sia run: bad input exits 2, says where, writes nothing', () => {
  for (const c of cases) {
    it.concurrent(c.title, async () => {
      const out = join(tmp.dir, c.title.replace(/\W+/g, '-'));
      const r = await sia(['run', ...c.args, '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      // One line per error, each ending with its stable code.
      expect(lines).toHaveLength(c.lines.length);
      c.lines.forEach((parts, i) => {
        const line = lines[i] ?? '';
        let from = 0;
        for (const part of parts) {
          const at = line.indexOf(part, from);
          expect(at, `line ${i + 1} should contain ${JSON.stringify(part)}: ${line}`).toBeGreaterThanOrEqual(0);
          from = at + part.length;
        }
        expect(line).toMatch(/ \[[a-z]+\/[a-z-]+\]$/);
      });
      expect(r.stderr).toContain(`[${c.code}]`);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    });
  }

  it.concurrent('validate reports the same errors with the same exit code', async () => {
    const r = await sia(['validate', 'cycle.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cycle.yaml:9:21 at stages.second.inputs.data: ');
    expect(r.stdout).toBe('');
  });

  it.concurrent('a usage error (unknown option, missing argument) exits 2', async () => {
    const unknown = await sia(['run', 'good.yaml', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    const missing = await sia(['validate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'file'");
  });

  it.concurrent('writes nothing into the current folder either (no runs/ folder) without --out', async () => {
    const cwd = tempDir('sia-bad-cwd-');
    try {
      const r = await sia(['run', join(tmp.dir, '..', 'missing.yaml')], { cwd: cwd.dir });
      expect(r.code).toBe(2);
      const r2 = await sia(['run', join(PIPELINES, 'zero-epochs.yaml')], { cwd: cwd.dir });
      expect(r2.code).toBe(2);
      expect(existsSync(join(cwd.dir, 'runs'))).toBe(false);
      expect(existsSync(join(cwd.dir, '.sia-cache'))).toBe(false);
    } finally {
      cwd.remove();
    }
  });
});

describe('evaluate/noise-sweep: every noise it builds is validated with sia validate', () => {
  it('a level outside the noise plugin\'s range, a noise without a level option, the level given in with: exit 2 with line:column', async () => {
    const bad = await sia(['validate', 'noise-sweep-bad.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('noise-sweep-bad.yaml:16:50 at stages.sweep.with.noises[1].levels[1]: noise salt-and-pepper: p must be <= 1 (level 1.5) [data/invalid]');
    const mixture = await sia(['validate', 'noise-sweep-bad.yaml', '--set', 'stages.sweep.with.noises=[{type: mixture, levels: [0.1]}]']);
    expect(mixture.code).toBe(2);
    expect(mixture.stderr).toMatch(/noise 'mixture' does not say which option is its level \(its plugin has no `level`\), so the sweep cannot vary it/);
    const inWith = await sia(['validate', 'noise-sweep-bad.yaml', '--set', 'stages.sweep.with.noises=[{type: gaussian, levels: [0.1], with: {std: 0.3}}]']);
    expect(inWith.code).toBe(2);
    expect(inWith.stderr).toMatch(/std is the level of noise 'gaussian': give it in levels, not in with/);
    const good = await sia(['validate', 'noise-sweep-bad.yaml', '--set', 'stages.sweep.with.noises[1].levels=[0.1, 0.3]']);
    expect(good.code, good.stderr).toBe(0);
    const listed = await sia(['plugins']);
    expect(listed.stdout).toMatch(/gaussian 0\.1\.0[^\n]*\n[^\n]*\n    level option: std/);
    expect(listed.stdout).toMatch(/mixture 0\.1\.0[^\n]*\n[^\n]*\n    level option: none/);
  });
});
