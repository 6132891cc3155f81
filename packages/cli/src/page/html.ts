/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A relative file link made safe for an href or src attribute. */
export const fileHref = (file: string): string => escapeHtml(encodeURI(file));

/** Milliseconds as seconds for a badge: `0.42 s`, `12.3 s`, `2 min 5 s`. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A status badge (`done`, `running`, ...). */
export const badge = (status: string, text: string = status): string => `<span class="badge st-${escapeHtml(status)}">${escapeHtml(text)}</span>`;
