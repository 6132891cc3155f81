import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sia, tempDir } from './sia.js';

/**
 * Issue 12, items 2 and 4: every run's index.html is an interactive report that works offline
 * from file://. Shipped pipelines run through the real command with a few epochs; each page is
 * opened in headless Chromium (Debian's package, which set-up installs) with every request that
 * is not file:// aborted and counted, and must draw every chart with its data, answer the
 * log/linear toggle, the smoothing slider, zoom and hover, and log no error.
 */
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = join(ROOT, '.test-output', 'page');
const PIPELINES = ['vae-emoji', 'dae-letters', 'ae-letters'];
const EPOCHS = 40;
const tmp = tempDir('sia-page-');
let browser: Browser;
const runs = new Map<string, Promise<string>>();

/** `--set` overrides that make a pipeline quick without changing what it draws. */
function quick(name: string): string[] {
  const doc = parse(readFileSync(join(ROOT, 'pipelines', `${name}.yaml`), 'utf8')) as { stages: Record<string, { uses: string }> };
  return Object.entries(doc.stages).flatMap(([id, s]) =>
    s.uses.startsWith('train/') ? ['--set', `stages.${id}.with.epochs=${EPOCHS}`] : s.uses === 'evaluate/noise-sweep' ? ['--set', `stages.${id}.with.copies=2`] : [],
  );
}

async function run(name: string): Promise<string> {
  const out = join(tmp.dir, name);
  const r = await sia(['run', join(ROOT, 'pipelines', `${name}.yaml`), '--out', out, '--quiet', '--no-cache', ...quick(name)], { cwd: tmp.dir });
  if (r.code !== 0) throw new Error(`sia run ${name} exited ${r.code}:\n${r.stderr}`);
  return out;
}

beforeAll(async () => {
  for (const name of PIPELINES) runs.set(name, run(name));
  const found = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found) throw new Error(`${CHROMIUM} is missing: set-up (scripts/system-packages.mjs) installs Debian's chromium package; without it this test cannot run`);
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  mkdirSync(OUTPUT, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  // Let every run end before its folder goes.
  await Promise.allSettled(runs.values());
  tmp.remove();
});

interface Opened {
  readonly page: Page;
  readonly problems: string[];
  readonly offline: string[];
}

/** Opens a file in a new tab that lets only file:// (and data:) through and records every error. */
async function open(file: string): Promise<Opened> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  const problems: string[] = [];
  const offline: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${String(e)}`));
  page.on('requestfailed', (r) => {
    if (r.url().startsWith('file:')) problems.push(`missing: ${r.url()}`);
  });
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (/^(file|data):/.test(r.url())) void r.continue();
    else {
      offline.push(r.url());
      void r.abort();
    }
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems, offline };
}

/** What each chart drew: its dataset rows and its marks with something to see. */
const DRAWN = `(() => Object.entries(window.siaViews).map(([id, view]) => {
  const names = Object.keys(view.getState({ data: () => true, signals: () => false, recurse: true }).data);
  let rows = 0;
  for (const n of names) { try { rows += view.data(n).length; } catch (e) { /* a mark's own dataset */ } }
  const figure = document.getElementById(id);
  const marks = [...figure.querySelectorAll('svg g.role-mark')].filter((g) => /mark-(line|symbol|text|rect|area)/.test(g.getAttribute('class')));
  const items = marks.reduce((n, g) => n + [...g.children].filter((c) => (c.getAttribute('d') ?? '').length > 2 || (c.textContent ?? '').length > 0).length, 0);
  return { id, rows, items, drawn: figure.classList.contains('drawn') };
}))()`;

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The first raw loss line's path in a loss chart (it moves when the axis or the zoom changes). */
const linePath = (page: Page, id: string): Promise<string> =>
  page.evaluate((id) => document.querySelector(`#${id} g[class*="layer_0_marks"] path`)?.getAttribute('d') ?? '', id);

/** The tooltip's text, once shown, after moving the pointer onto the centre of the middle element matching `selector`. */
async function hover(page: Page, selector: string): Promise<string> {
  const all = await page.$$(selector);
  const target = all[Math.floor(all.length / 2)];
  if (target === undefined) throw new Error(`nothing to hover: ${selector}`);
  await target.scrollIntoView();
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2 - 15, box.y + box.height / 2 - 15);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await pause(200);
  return page.evaluate(() => {
    const t = document.getElementById('vg-tooltip-element');
    return t !== null && t.classList.contains('visible') ? (t.textContent ?? '') : '';
  });
}

describe('the run folder\'s index.html in a browser', () => {
  for (const name of PIPELINES) {
    it(`${name}: every chart draws offline, and the loss chart answers its controls`, async () => {
      const started = Date.now();
      const out = await runs.get(name)!;
      const file = join(out, 'index.html');
      const html = readFileSync(file, 'utf8');
      const { page, problems, offline } = await open(file);
      try {
        const charts = (await page.evaluate('window.siaReady')) as number;
        const specs = Object.keys(JSON.parse(html.match(/<script type="application\/json" id="sia-specs">([^]*?)<\/script>/)![1]!) as object);
        expect(charts).toBe(specs.length);
        expect(charts).toBeGreaterThanOrEqual(2);

        // Every chart drew its data: rows in its datasets and visible marks in its SVG.
        const drawn = (await page.evaluate(DRAWN)) as { id: string; rows: number; items: number; drawn: boolean }[];
        expect(drawn.map((d) => d.id).sort()).toEqual([...specs].sort());
        for (const d of drawn) {
          expect(d.drawn, d.id).toBe(true);
          expect(d.rows, d.id).toBeGreaterThan(0);
          expect(d.items, d.id).toBeGreaterThan(0);
        }
        // Every picture loaded, shown at half its 2x pixels.
        const pictures = (await page.evaluate(`[...document.querySelectorAll('img.picture')].map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth, shown: i.getAttribute('width') }))`)) as { src: string; w: number; shown: string }[];
        expect(pictures.length).toBeGreaterThan(0);
        for (const p of pictures) expect(Number(p.shown) * 2, p.src).toBe(p.w);

        // The loss chart: log/linear toggle, smoothing slider, zoom and hover.
        const loss = drawn.find((d) => d.id.endsWith('loss'))!.id;
        const before = await linePath(page, loss);
        const logY = await page.evaluate((id) => (window as unknown as { siaViews: Record<string, { signal(n: string): unknown }> }).siaViews[id]!.signal('logY'), loss);
        await page.click(`#${loss} .vega-bindings input[type=radio]:not(:checked)`);
        await pause(200);
        expect(await page.evaluate((id) => (window as unknown as { siaViews: Record<string, { signal(n: string): unknown }> }).siaViews[id]!.signal('logY'), loss)).toBe(!logY);
        expect(await linePath(page, loss)).not.toBe(before);

        const smoothed = `#${loss} g[class*="interactive_smooth_3_marks"] path`;
        expect(await page.$$(smoothed)).toHaveLength(0);
        await page.$eval(`#${loss} .vega-bindings input[type=range]`, (el) => {
          (el as HTMLInputElement).value = '3';
          el.dispatchEvent(new Event('input', { bubbles: true }));
        });
        await pause(200);
        expect((await page.$$(smoothed)).length).toBeGreaterThan(0);

        const tip = await hover(page, `#${loss} g[class*="hover_rule_voronoi"] path`);
        expect(tip).toMatch(/epoch/);
        const zoomed = await linePath(page, loss);
        await page.mouse.wheel({ deltaY: -400 });
        await pause(200);
        expect(await linePath(page, loss)).not.toBe(zoomed);

        // The latent plane names its points on hover.
        const latent = drawn.find((d) => d.id.endsWith('latent'));
        if (latent !== undefined) expect(await hover(page, `#${latent.id} g[class*="layer_0_marks"] path`)).not.toBe('');

        const shot = join(OUTPUT, `${name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        const kb = (statSync(file).size / 1024).toFixed(0);
        console.log(`page: ${name}: ${charts} charts, ${pictures.length} pictures, index.html ${kb} KB; screenshot ${shot} (${((Date.now() - started) / 1000).toFixed(1)} s in the browser and waiting for the run)`);
        expect(problems).toEqual([]);
        expect(offline).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  }
});
