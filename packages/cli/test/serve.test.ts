import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { MAIN, ROOT, sia, tempDir } from './sia.js';

/**
 * Issue 12, items 3 and 4: `sia run --serve` shows the run live in a real browser (Debian's
 * chromium through puppeteer-core), then the report; Ctrl-C still stops the run; a port in use is
 * bad input with nothing written. Screenshots go to <repo>/.test-output/serve/.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, '.test-output', 'serve');
const tmp = tempDir('sia-serve-');
let browser: Browser;

beforeAll(async () => {
  if (spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).status !== 0) {
    throw new Error(`${CHROMIUM} is missing: the test command installs Debian's chromium package (as root); without it this test cannot run`);
  }
  mkdirSync(SHOTS, { recursive: true });
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  tmp.remove();
});

/** ae-letters trained for a fixed number of epochs (no early stop), slow enough to watch. */
const letters = (epochs: number): string[] => [
  'run', join(ROOT, 'pipelines', 'ae-letters.yaml'), '--no-cache',
  '--set', `stages.model.with.epochs=${epochs}`, '--set', 'stages.model.with.stopWithin=0', '--set', 'stages.model.with.optimizer.rate=0.00005',
];

interface Served {
  readonly child: ChildProcess;
  readonly url: Promise<string>;
  readonly closed: Promise<number | null>;
  stderr: () => string;
}

function serve(args: string[]): Served {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: tmp.dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout!.resume();
  const url = new Promise<string>((done, fail) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /watch the run live at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (m) done(m[1]!);
    });
    child.on('close', () => fail(new Error(`no address printed:\n${stderr}`)));
  });
  const closed = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  return { child, url, closed, stderr: () => stderr };
}

/** A page that records console errors, page errors and every network request. */
async function watch(url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 1000 });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, errors, requests };
}

const points = (page: Page): Promise<number> => page.evaluate('(window.siaLive && window.siaLive.points) || 0') as Promise<number>;

describe('sia run --serve', () => {
  it('shows the run live in a browser, then the report, and exits', async () => {
    const out = join(tmp.dir, 'live');
    const run = serve([...letters(12000), '--out', out, '--serve', '0']);
    const url = await run.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const { page, errors, requests } = await watch(url);
    // The loss curve grows: the number of plotted points changes at least twice while training.
    const seen = new Set<number>();
    const t0 = Date.now();
    while (seen.size < 3 && Date.now() - t0 < 20_000) {
      const n = await points(page);
      if (n > 0) seen.add(n);
      if (seen.size === 2) await page.screenshot({ path: join(SHOTS, 'live.png') });
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(seen.size, run.stderr()).toBeGreaterThanOrEqual(3);
    const plane = (await page.evaluate('window.siaLive.views.plane.data("plane").length')) as number;
    expect(plane).toBe(32); // the 32 glyphs in the latent plane
    // The run ends: the page opens the report and the server exits.
    await page.waitForFunction('location.pathname === "/report/index.html" && document.readyState === "complete"', { timeout: 30_000 });
    const code = await run.closed;
    expect(code, run.stderr()).toBe(0);
    expect(await page.$eval('h1', (h) => h.textContent)).toMatch(/ae-letters/);
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    console.log(`serve: screenshots in ${SHOTS}`);
    expect(errors).toEqual([]);
    const origin = url.slice(0, -1);
    expect(requests.filter((r) => !r.startsWith(`${origin}/`) && !r.startsWith('data:'))).toEqual([]);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    await page.close();
  }, 60_000);

  it('Ctrl-C with a page connected stops the run as usual', async () => {
    const out = join(tmp.dir, 'stopped');
    const run = serve([...letters(100000), '--out', out, '--serve']);
    const { page } = await watch(await run.url);
    await page.waitForFunction('window.siaLive.updates >= 1', { timeout: 20_000 });
    const sent = performance.now();
    run.child.kill('SIGINT');
    const code = await run.closed;
    const ms = performance.now() - sent;
    expect(code, run.stderr()).toBe(130);
    expect(ms).toBeLessThan(1500);
    expect(run.stderr()).toMatch(/stopping at the next batch boundary/);
    expect(run.stderr()).toMatch(/ae-letters: interrupted; the finished stages' files/);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, { status?: string }>;
    expect(metrics.model?.status).toBe('interrupted');
    await page.waitForFunction('window.siaLive.ended && window.siaLive.ended.status === "interrupted"', { timeout: 5000 });
    await page.close();
  }, 40_000);

  it('a port in use is bad input: exit 2, one message, nothing written', async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((done) => taken.listen(0, '127.0.0.1', () => done((taken.address() as { port: number }).port)));
    try {
      const out = join(tmp.dir, 'taken');
      const r = await sia([...letters(10), '--out', out, '--serve', String(port)], { cwd: tmp.dir });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`sia: --serve ${port}: port ${port} on 127.0.0.1 is in use; give another port, or --serve 0 for any free one [cli/usage]`]);
      expect(existsSync(out)).toBe(false);
      const bad = await sia([...letters(10), '--out', out, '--serve', 'http'], { cwd: tmp.dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--serve http: expected a port number/);
      expect(existsSync(out)).toBe(false);
    } finally {
      taken.close();
    }
  }, 30_000);
});
