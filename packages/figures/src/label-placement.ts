/** A rectangle in pixels: left, top, width, height. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One point to label, in pixels, and the size of its label's box. */
export interface LabelRequest {
  readonly px: number;
  readonly py: number;
  readonly width: number;
  readonly height: number;
}

/** Where a label went: the centre of its box, or undefined when no free place was found. */
export type Placement = { readonly cx: number; readonly cy: number; readonly box: Rect } | undefined;

/** True when two rectangles share more than a boundary. */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Greedy label placement, the way vega's `label` transform works for points: each label tries
 * eight positions around its point (right, left, above, below, then the diagonals) at a gap of
 * `gap` pixels beyond the point's radius, and takes the first whose box stays inside `bounds`,
 * clear of every point and of every label placed before it; a label with no such place is left
 * out (the chart shows it on hover). Labels of isolated points go first, so a crowd costs its
 * own labels rather than its neighbours'. Deterministic: ties keep the input order.
 */
export function placeLabels(requests: readonly LabelRequest[], bounds: Rect, radius: number, gap = 2): Placement[] {
  const points: Rect[] = requests.map((r) => ({ x: r.px - radius, y: r.py - radius, width: 2 * radius, height: 2 * radius }));
  // Crowding: how many other points lie within two label heights.
  const crowd = requests.map((r, i) => {
    let n = 0;
    for (let j = 0; j < requests.length; j++) {
      if (j !== i && Math.hypot(requests[j]!.px - r.px, requests[j]!.py - r.py) < 2 * r.height + 2 * radius) n++;
    }
    return n;
  });
  const order = requests.map((_, i) => i).sort((a, b) => crowd[a]! - crowd[b]! || a - b);
  const placed: Rect[] = [];
  const out: Placement[] = requests.map(() => undefined);
  for (const i of order) {
    const r = requests[i]!;
    const d = radius + gap;
    const w = r.width, h = r.height;
    // Box centres: right, left, above, below, then the four diagonals.
    const candidates: [number, number][] = [
      [r.px + d + w / 2, r.py],
      [r.px - d - w / 2, r.py],
      [r.px, r.py - d - h / 2],
      [r.px, r.py + d + h / 2],
      [r.px + d + w / 2, r.py - d - h / 2 + h / 4],
      [r.px - d - w / 2, r.py - d - h / 2 + h / 4],
      [r.px + d + w / 2, r.py + d + h / 2 - h / 4],
      [r.px - d - w / 2, r.py + d + h / 2 - h / 4],
    ];
    for (const [cx, cy] of candidates) {
      const box = { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
      const inside = box.x >= bounds.x && box.y >= bounds.y && box.x + w <= bounds.x + bounds.width && box.y + h <= bounds.y + bounds.height;
      if (!inside || points.some((p) => overlaps(p, box)) || placed.some((p) => overlaps(p, box))) continue;
      placed.push(box);
      out[i] = { cx, cy, box };
      break;
    }
  }
  return out;
}
