import { describe, expect, it } from 'vitest';
import { formatError } from '@sia/core';
import { blankComments, readConfig } from './read-config.js';

const LAYERS = '[{ "neuronQty": 2, "activationFunction": { "type": "TANH", "options": { "beta": 0.5 } } }]';

function read(text: string) {
  return readConfig(text, 'c.json');
}
function error(text: string): string {
  const r = read(text);
  if (r.isOk()) throw new Error('expected an error');
  return formatError(r.error);
}

describe('blankComments', () => {
  it('blanks // and /* */ comments with spaces, keeping newlines and strings', () => {
    const text = '{ // a\n "u": "http://x/*y*/", /* b\n c */ "v": 1 }';
    const r = blankComments(text);
    expect(r.isOk()).toBe(true);
    const out = r._unsafeUnwrap();
    expect(out).toHaveLength(text.length);
    expect(out.split('\n')).toHaveLength(3);
    expect(JSON.parse(out)).toEqual({ u: 'http://x/*y*/', v: 1 });
  });

  it('reports an unterminated block comment', () => {
    expect(blankComments('{ /* open').isErr()).toBe(true);
  });
});

describe('readConfig', () => {
  it('reads every key, with comments anywhere', () => {
    const r = read(`// head
{
  "problem": "DENOISING", /* inline */
  "problemOptions": { "noiseType": "SALT_AND_PEPPER", "noiseLevel": 0.3, "noiseThreshold": 0.1 },
  "hyperparameters": {
    "epsilon": 0.01, "maxEpochs": 10,
    "optimizer": { "type": "MOMENTUM", "options": { "rate": 0.1, "alpha": 0.8, "beta1": 0.9, "beta2": 0.999 } },
    "updater": { "type": "MINI-BATCH", "options": { "batchSize": 4 } }
  },
  "architecture": ${LAYERS},
  "seed": 3
}`);
    expect(r._unsafeUnwrap()).toEqual({
      problem: 'DENOISING',
      noise: { type: 'SALT_AND_PEPPER', level: 0.3, threshold: 0.1 },
      epsilon: 0.01,
      maxEpochs: 10,
      optimizer: { type: 'MOMENTUM', rate: 0.1, alpha: 0.8, beta1: 0.9, beta2: 0.999 },
      updater: { type: 'MINI-BATCH', batchSize: 4 },
      encoder: [{ neuronQty: 2, activation: { type: 'TANH', beta: 0.5 } }],
      seed: 3,
    });
  });

  it('locates an unknown key (after comments) and suggests the closest', () => {
    const message = error(`{\n  // comment\n  "problem": "CONVENTIONAL", /* x */ "sed": 1,\n  "encoderArchitecture": ${LAYERS}\n}`);
    expect(message).toMatch(/^c\.json:3:38 at sed: unknown key "sed" \(did you mean "seed"\?/);
    expect(message).toContain('[schema/unknown-key]');
  });

  it('locates an unknown enum value', () => {
    expect(error(`{ "problem": "SPARSE", "encoderArchitecture": ${LAYERS} }`)).toMatch(/^c\.json:1:14 at problem: unknown problem "SPARSE" \(one of: CONVENTIONAL, DENOISING, VARIATIONAL\)/);
    expect(error(`{ "problem": "CONVENTIONAL", "hyperparameters": { "optimizer": { "type": "ADAM_W" } }, "encoderArchitecture": ${LAYERS} }`)).toMatch(
      /^c\.json:1:74 at hyperparameters\.optimizer\.type: unknown optimizer type "ADAM_W" \(did you mean ADAM\?/,
    );
  });

  it('locates wrong types and values out of range', () => {
    expect(error(`{ "problem": "CONVENTIONAL", "hyperparameters": { "maxEpochs": "5" }, "encoderArchitecture": ${LAYERS} }`)).toMatch(
      /^c\.json:1:64 at hyperparameters\.maxEpochs: expected a number, got the string "5"/,
    );
    expect(error('{ "problem": "CONVENTIONAL", "encoderArchitecture": [{ "neuronQty": 2.5, "activationFunction": { "type": "RELU" } }] }')).toMatch(
      /at encoderArchitecture\.0\.neuronQty: expected an integer/,
    );
    expect(error(`{ "problem": 1, "encoderArchitecture": ${LAYERS} }`)).toMatch(/at problem: expected problem as a string, got number 1/);
    expect(error('{ "problem": "CONVENTIONAL", "encoderArchitecture": [] }')).toMatch(/at encoderArchitecture: expected at least one layer/);
  });

  it('checks only the type of options the chosen type ignores, the range of those it uses', () => {
    const withOptimizer = (type: string, options: string) =>
      `{ "problem": "CONVENTIONAL", "hyperparameters": { "optimizer": { "type": "${type}", "options": ${options} } }, "encoderArchitecture": ${LAYERS} }`;
    // beta1 = 1 is out of range for Adam, but GRADIENT_DESCENT never reads it.
    expect(read(withOptimizer('GRADIENT_DESCENT', '{ "rate": 0.1, "beta1": 1 }'))._unsafeUnwrap().optimizer).toEqual({ type: 'GRADIENT_DESCENT', rate: 0.1, beta1: 1 });
    expect(error(withOptimizer('ADAM', '{ "rate": 0.1, "beta1": 1 }'))).toMatch(/at hyperparameters\.optimizer\.options\.beta1: expected a number < 1, got 1/);
    expect(error(withOptimizer('GRADIENT_DESCENT', '{ "rate": 0.1, "alpha": "0.9" }'))).toMatch(/at hyperparameters\.optimizer\.options\.alpha: expected a number, got the string "0\.9"/);
    // noiseThreshold > 1 is ignored by GAUSSIAN noise, rejected for SALT_AND_PEPPER.
    const denoising = (type: string) => `{ "problem": "DENOISING", "problemOptions": { "noiseType": "${type}", "noiseLevel": 0.2, "noiseThreshold": 5 }, "encoderArchitecture": ${LAYERS} }`;
    expect(read(denoising('GAUSSIAN')).isOk()).toBe(true);
    expect(error(denoising('SALT_AND_PEPPER'))).toMatch(/at problemOptions\.noiseThreshold: expected a number <= 1, got 5/);
  });

  it('asks for what is missing', () => {
    expect(error('{ "problem": "CONVENTIONAL" }')).toMatch(/^c\.json:1:1: missing key "encoderArchitecture"/);
    expect(error(`{ "problem": "DENOISING", "encoderArchitecture": ${LAYERS} }`)).toMatch(/DENOISING needs "problemOptions"/);
    expect(error(`{ "encoderArchitecture": ${LAYERS} }`)).toMatch(/missing key "problem"/);
  });

  it('holds the file to JSON (with comments), located', () => {
    expect(error('{ "problem": CONVENTIONAL }')).toMatch(/^c\.json:1:14: not valid JSON/);
    expect(error('problem: CONVENTIONAL\n')).toMatch(/^c\.json:1:1: not valid JSON/);
    expect(error(`{ "problem": "CONVENTIONAL", "encoderArchitecture": ${LAYERS}, }`)).toMatch(/not valid JSON: trailing comma/);
    expect(error('{ "problem": "CONVENTIONAL",\n  "problem": "VARIATIONAL" }')).toMatch(/^c\.json:2:3: duplicate key/);
    expect(error('{ "problem": "CONVENTIONAL", "seed": 0x10 }')).toMatch(/^c\.json:1:38: not valid JSON/);
    expect(error('{ /* open')).toMatch(/^c\.json:1:3: unterminated/);
  });
});
