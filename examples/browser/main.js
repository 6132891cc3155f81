/// <reference lib="dom" />
// @ts-check
// The page's script: trains the letters autoencoder in the page (the library example of
// letters.js) and draws the 32 glyphs' codes in the latent plane as it learns.
import { glyphs, trainLetters } from './letters.js';

const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById('plane'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
const LABELS = '`abcdefghijklmnopqrstuvwxyz{|}~\u2421';

/**
 * Draws each glyph's code in the plane (equal scales on both axes) and the epoch and loss.
 * @param {import('@sia/core').Matrix} codes  @param {number} epoch  @param {number} loss
 */
function draw(codes, epoch, loss) {
  /** @type {number[]} */ const xs = [];
  /** @type {number[]} */ const ys = [];
  for (let i = 0; i < codes.rows; i++) (xs.push(codes.data[2 * i]), ys.push(codes.data[2 * i + 1]));
  const pad = 0.1, [x0, x1] = [Math.min(...xs), Math.max(...xs)], [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const span = Math.max(x1 - x0, y1 - y0) * (1 + 2 * pad) || 1; // equal scales on both axes
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, W = canvas.width, H = canvas.height;
  g.clearRect(0, 0, W, H);
  g.font = '14px system-ui, sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  for (let i = 0; i < xs.length; i++) {
    const px = W / 2 + ((xs[i] - cx) / span) * W, py = H / 2 - ((ys[i] - cy) / span) * H;
    g.fillStyle = '#2b6cb0';
    g.fillText(LABELS[i] ?? '?', px, py);
  }
  status.textContent = `epoch ${epoch}, loss ${loss.toPrecision(4)}`;
}

async function main() {
  const data = glyphs();
  const { model, history } = await trainLetters({
    seed: 1,
    epochs: 400,
    onEpoch: (epoch, loss, m) => {
      if (epoch % 10 === 0) draw(m.encode(data), epoch, loss);
    },
  });
  draw(model.encode(data), history.length, history.at(-1) ?? NaN);
  status.textContent += ' (done)';
}

main().catch((e) => {
  status.textContent = `failed: ${e}`;
});
