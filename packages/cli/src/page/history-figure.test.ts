import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageRecord } from '@sia/core';
import { afterAll, describe, expect, it } from 'vitest';
import { historyFigure, parseHistoryCsv } from './history-figure.js';

const dir = mkdtempSync(join(tmpdir(), 'sia-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A training stage's record and its history.csv (CRLF, as the trainers write it). */
function trained(id: string, rows: string[]): StageRecord {
  mkdirSync(join(dir, id), { recursive: true });
  writeFileSync(join(dir, id, 'history.csv'), `${rows.join('\r\n')}\r\n`);
  return { id, uses: 'train/autoencoder', status: 'done', files: [`${id}/model.json`, `${id}/history.csv`] };
}

describe('history.csv on the page', () => {
  it('reads columns of numbers; empty cells (not measured) are NaN; quoted names keep their commas', () => {
    const columns = parseHistoryCsv('epoch,loss,"a,b",max_wrong_pixels\r\n1,0.5,2,\r\n2,0.25,1,3\r\n');
    expect([...columns.keys()]).toEqual(['epoch', 'loss', 'a,b', 'max_wrong_pixels']);
    expect(columns.get('loss')).toEqual([0.5, 0.25]);
    expect(columns.get('max_wrong_pixels')).toEqual([NaN, 3]);
  });

  it('charts a model no loss-curve stage draws: every loss term, the learning rate below, not the wrong-pixel counts', () => {
    const plain = trained('plain', ['epoch,loss,kl,learning_rate,max_wrong_pixels', '1,0.9,0.1,0.01,', '2,0.5,0.2,0.005,4', '3,0.4,0.2,0.001,']);
    const figure = historyFigure(dir, plain, [plain])!;
    expect(figure.fromHistory).toBe(true);
    expect(figure.links).toEqual(['plain/history.csv']);
    const spec = figure.spec as { title: { text: string }; vconcat: { data: { values: { series?: string; rate?: number }[] } }[] };
    expect(spec.title.text).toBe('Training curves of plain over 3 epochs');
    expect(new Set(spec.vconcat[0]!.data.values.map((v) => v.series))).toEqual(new Set(['loss', 'kl']));
    expect(spec.vconcat[1]!.data.values.map((v) => v.rate)).toEqual([0.01, 0.005, 0.001]);
  });

  it('leaves a model to the loss-curve stage that reads it (no second chart of the same curves)', () => {
    const model = trained('model', ['epoch,loss', '1,0.9', '2,0.5']);
    const loss: StageRecord = { id: 'loss', uses: 'sample/loss-curve', inputs: { model: 'model' }, status: 'done', files: ['loss/loss.vl.json'] };
    expect(historyFigure(dir, model, [model, loss])).toBeUndefined();
    const other: StageRecord = { ...loss, inputs: { model: 'another' } };
    expect(historyFigure(dir, model, [model, other])?.spec).toBeDefined();
  });
});
