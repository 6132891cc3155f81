import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser } from 'puppeteer-core';
import { createRng } from '@sia/core';
import { bundle } from '../build.mjs';
import { trainLetters, weightBits } from '../letters.js';

/**
 * Issue 14, item 7: @sia/core bundles for the browser with esbuild's defaults (no flags), the
 * bundle trains the letters autoencoder in headless Chromium (Debian's package, which the test
 * command installs when missing), and its weights are bit-identical to Node's for the same seed.
 */
const CHROMIUM = '/usr/bin/chromium';
const tmp = mkdtempSync(join(tmpdir(), 'sia-browser-'));
let browser: Browser;

beforeAll(async () => {
  const found = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found) throw new Error(`${CHROMIUM} is missing: the test command installs Debian's chromium package (as root); without it this test cannot run`);
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('@sia/core in a browser', () => {
  it('bundles without flags and trains to the same bits as Node', async () => {
    const out = join(tmp, 'test.js');
    const result = await bundle('test/entry.js', out);
    expect(result.errors).toEqual([]);
    writeFileSync(join(tmp, 'test.html'), '<!doctype html><meta charset="utf-8"><script src="test.js"></script>');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(tmp, 'test.html')).href);
    await page.waitForFunction('typeof globalThis.siaRun === "function"', { timeout: 30_000 });
    const inPage = (await page.evaluate('globalThis.siaRun(3, 120)')) as { bits: string[]; history: number[]; wasm: boolean };
    const inNode = await trainLetters({ seed: 3, epochs: 120 });
    expect(errors).toEqual([]);
    expect(inPage.history).toHaveLength(120);
    expect(inPage.history).toEqual(inNode.history);
    expect(inPage.bits).toEqual(weightBits(inNode.model));
    // Box–Muller's log, sin and cos: the same draws in the page (Math.* there differ from Node's).
    const normals = (await page.evaluate('globalThis.siaNormals(5, 20000)')) as number[];
    const rng = createRng(5, 'normals');
    expect(normals).toEqual(Array.from({ length: 20000 }, () => rng.normal()));
    console.log(`browser: 120 epochs in Chromium, WebAssembly kernels ${inPage.wasm ? 'on' : 'off (plain kernels)'}; weights bit-identical to Node's`);
  }, 120_000);

  it('the example page trains in the page and draws the latent plane', async () => {
    await bundle();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(import.meta.dirname, '..', 'index.html')).href);
    await page.waitForFunction('document.getElementById("status").textContent.includes("(done)")', { timeout: 60_000 });
    const status = (await page.evaluate('document.getElementById("status").textContent')) as string;
    expect(status).toMatch(/^epoch 400, loss \d/);
    // Ink on the canvas: the glyph labels were drawn.
    const inked = (await page.evaluate(`(() => { const c = document.getElementById('plane'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()`)) as number;
    expect(inked).toBeGreaterThan(500);
    expect(errors).toEqual([]);
  }, 120_000);
});
