import { createReadStream, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { vegaAssets } from '../page/vega-assets.js';
import { livePage } from './live-page.js';
import type { LiveSnapshot } from './live-state.js';
import { contentType, runFile } from './run-files.js';

/** How the run ended, as the page is told. */
export interface LiveEnd {
  readonly status: 'done' | 'failed' | 'interrupted';
  /** Whether the server stays to serve the report (the page then shows it). */
  readonly report: boolean;
}

/**
 * The live view's HTTP server, on 127.0.0.1 only: `/` the live page, `/events` server-sent events
 * (a snapshot whenever the run's state is pushed, `end` when the run ends), `/assets/` the chart
 * libraries' browser builds, `/report/` the run folder's files, read-only. Requests whose Host is
 * not this address are refused (a web page elsewhere cannot read the run through DNS rebinding).
 */
export class LiveServer {
  readonly #server: Server;
  readonly port: number;
  readonly #clients = new Set<ServerResponse>();
  #runDir: string | undefined;
  #last: string | undefined;
  #end: LiveEnd | undefined;
  #lastRequest = 0;
  #busy = 0;

  private constructor(server: Server, port: number) {
    this.#server = server;
    this.port = port;
  }

  /** Listens on 127.0.0.1:`port` (0: any free port); a string when it cannot (the port is taken). */
  static listen(port: number): Promise<LiveServer | string> {
    return new Promise((done) => {
      const server = createServer();
      server.once('error', (e: NodeJS.ErrnoException) => {
        done(e.code === 'EADDRINUSE' ? `--serve ${port}: port ${port} on 127.0.0.1 is in use; give another port, or --serve 0 for any free one` : `--serve ${port}: cannot listen on 127.0.0.1:${port} (${e.message})`);
      });
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        const live = new LiveServer(server, typeof address === 'object' && address !== null ? address.port : port);
        server.on('request', (req, res) => live.#handle(req, res));
        done(live);
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Whether a page is connected (the run computes nothing for the view otherwise). */
  watched(): boolean {
    return this.#clients.size > 0;
  }

  /** The folder `/report/` serves. */
  serveRun(dir: string): void {
    this.#runDir = dir;
  }

  /** Sends the state to every connected page (and keeps it for pages connecting later). */
  push(snapshot: LiveSnapshot): void {
    this.#last = `event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
    for (const c of this.#clients) c.write(this.#last);
  }

  /**
   * Tells the pages how the run ended. With `stay`, serves until `close`; otherwise, when pages
   * are connected and `end.report` is set, waits for them to load the report (no page connected
   * and a second without requests, 10 s at most), then closes.
   */
  async end(end: LiveEnd, stay: boolean): Promise<void> {
    this.#end = end;
    const message = `event: end\ndata: ${JSON.stringify(end)}\n\n`;
    for (const c of this.#clients) c.write(message);
    if (stay) return;
    if (end.report && this.#clients.size > 0) {
      const until = Date.now() + 10_000;
      this.#lastRequest = Date.now();
      while (Date.now() < until && (this.#clients.size > 0 || this.#busy > 0 || Date.now() - this.#lastRequest < 1000)) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await this.close();
  }

  /** Stops serving and drops every connection. */
  close(): Promise<void> {
    for (const c of this.#clients) c.end();
    this.#clients.clear();
    return new Promise((done) => {
      this.#server.close(() => done());
      this.#server.closeAllConnections();
    });
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    this.#lastRequest = Date.now();
    // An event stream stays open: only the other requests count as loading.
    if (path !== '/events') {
      this.#busy++;
      res.on('close', () => {
        this.#busy--;
        this.#lastRequest = Date.now();
      });
    }
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) return this.#fail(res, 421, 'wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.#fail(res, 405, 'read-only');
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(livePage());
      return;
    }
    if (path === '/events') return this.#events(res);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path.startsWith('/assets/')) {
      const asset = vegaAssets().find((a) => `/assets/${a.name}` === path);
      if (asset === undefined) return this.#fail(res, 404, 'not found');
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
      res.end(readFileSync(asset.path));
      return;
    }
    if (path.startsWith('/report/') && this.#runDir !== undefined) {
      const file = runFile(this.#runDir, path.slice('/report/'.length));
      if (file === undefined) return this.#fail(res, 404, 'not found');
      res.writeHead(200, { 'content-type': contentType(file), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
      return;
    }
    this.#fail(res, 404, 'not found');
  }

  #events(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    if (this.#last !== undefined) res.write(this.#last);
    if (this.#end !== undefined) {
      res.end(`event: end\ndata: ${JSON.stringify(this.#end)}\n\n`);
      return;
    }
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
  }

  #fail(res: ServerResponse, code: number, text: string): void {
    res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
  }
}
