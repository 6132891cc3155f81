import { parentPort } from 'node:worker_threads';
import { renderChartHere, vegaLibraries } from './render.js';

// The chart worker (`chart-worker.ts`): loads vega now, then draws each spec it is sent.
void vegaLibraries();
parentPort?.on('message', (m: { id: number; spec: object }) => {
  renderChartHere(m.spec).then(
    ({ svg, png }) => parentPort!.postMessage({ id: m.id, svg, png }, [png.buffer as ArrayBuffer]),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
