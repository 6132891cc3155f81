/**
 * The report's style (index.html; the live view may share it): cards of figures as wide as their
 * chart or picture, wrapped in rows (a caption never widens its card), badges coloured by
 * status, system fonts in rem so that a high-density screen scales everything (charts are SVG,
 * pictures 2x PNGs, so both stay sharp).
 */
export const PAGE_STYLE = `:root{color-scheme:light;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#fff;--bg:#f6f8fa}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:var(--bg);color:var(--ink)}
header,main,footer{max-width:96rem;margin:0 auto;padding:0 1.25rem}header{padding-top:1.25rem}
h1{font-size:1.5rem;margin:0 0 .2rem;display:flex;align-items:center;gap:.6rem;flex-wrap:wrap}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
h3{font-size:1rem;margin:0 0 .3rem;display:flex;align-items:center;gap:.5rem}.meta{color:var(--muted);margin:.2rem 0}
.badge{font-size:.75rem;font-weight:600;padding:.1rem .5rem;border-radius:1rem;background:#eaeef2;color:#424a53;white-space:nowrap}
.st-done{background:#dafbe1;color:#116329}.st-cached{background:#ddf4ff;color:#0550ae}.st-running{background:#fff8c5;color:#7d4e00}
.st-failed{background:#ffebe9;color:#a40e26}.st-interrupted{background:#fff1e5;color:#953800}.st-pending{background:#eaeef2;color:#59636e}
nav.stages{display:flex;flex-wrap:wrap;gap:.4rem;margin:.8rem 0}nav.stages a{text-decoration:none}
.grid{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.8rem;display:flex;flex-direction:column;gap:.5rem;flex:0 1 auto;max-width:100%;min-width:min(100%,20rem)}
figure .chart{overflow:auto}figure img{max-width:100%;height:auto;align-self:flex-start}figure.drawn img.fallback{display:none}
figcaption{font-size:.9rem;color:var(--muted);contain:inline-size}figcaption b{color:var(--ink)}figcaption a{color:inherit}figcaption .files{white-space:nowrap;font-size:.8rem}
.problem{color:#a40e26;font-size:.85rem}.error{color:#a40e26;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.85rem;margin:.3rem 0}
.stage{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.8rem;margin-bottom:.8rem;overflow:auto}
table{border-collapse:collapse;margin:.4rem 0;font-variant-numeric:tabular-nums}th,td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}.kv{display:flex;flex-wrap:wrap;gap:.2rem .9rem;max-width:48rem}.kv b{font-weight:600;margin-right:.2rem}
ul.files{margin:.3rem 0;padding-left:1.2rem}details.resolved{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.6rem .8rem;margin:1rem 0}
details.resolved>summary{cursor:pointer;font-weight:600}pre{background:#f6f8fa;padding:.8rem;overflow:auto;font-size:.85rem}
footer{color:var(--muted);font-size:.85rem;padding-bottom:2rem}.vega-embed{max-width:100%}`;
