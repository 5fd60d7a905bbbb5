/**
 * The page's only style sheet, inlined in a `<style>` element whose hash the server puts in the CSP
 * (`style-src 'sha256-…'`): no style attributes anywhere (a CSP hash does not cover them), so every
 * look is a class here. Readable on a phone: one column under 700 px, charts scale to the width.
 */
export const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;
--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--run:#0969da;--band:rgba(9,105,218,.13);--median:#0969da;
--cur:#1f2328;--limit:#bc4c00}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--card:#151b23;--pass:#3fb950;--fail:#f85149;--warn:#d29922;--run:#4493f8;--band:rgba(68,147,248,.18);
--median:#4493f8;--cur:#e6edf3;--limit:#f0883e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1200px;margin:0 auto;padding:12px 16px 32px}
a{color:var(--run)}
h1{font-size:1.4rem;margin:.3rem 0}h2{font-size:1.15rem;margin:0}h3{font-size:1rem;margin:.8rem 0 .3rem}
.muted,footer{color:var(--muted);font-size:.85rem}
footer{max-width:1200px;margin:0 auto;padding:0 16px 24px}
.crumbs{font-size:.9rem}
.badge{display:inline-block;padding:0 .5em;border-radius:1em;font-size:.8rem;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.passed,.pass,.completed,.ready{color:var(--pass)}
.failed,.fail,.blocked,.rolled-back,.rolling-back,.stopped{color:var(--fail)}
.inconclusive,.paused,.superseded,.pending{color:var(--warn)}
.open,.merged,.applying,.soaking,.active{color:var(--run)}
.rollouts{list-style:none;padding:0;margin:0;display:grid;gap:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card h2 a{text-decoration:none}
.waves{display:flex;flex-wrap:wrap;gap:6px;margin:.4rem 0 0;padding:0;list-style:none}
.waves li{font-size:.85rem}
.wave{margin:14px 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:.5rem 0}
.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:10px}
@media (max-width:700px){main{padding:8px 10px 24px}.grid{grid-template-columns:1fr}}
figure{margin:0;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:6px}
figcaption{font-size:.85rem;overflow-wrap:anywhere}
details{margin:6px 0}summary{cursor:pointer;overflow-wrap:anywhere}
.legend{font-size:.75rem;color:var(--muted);margin:2px 0 0}
.sw{display:inline-block;width:14px;height:8px;margin:0 3px 0 8px;vertical-align:middle}
.sw.band{background:var(--band);border-top:2px solid var(--median)}.sw.cur{background:var(--cur);height:2px}
.sw.onset{border-left:2px dashed var(--fail);height:10px;width:2px}.sw.limit{border-top:2px dashed var(--limit);height:2px}
svg.chart{width:100%;height:auto;display:block}
svg .gridline{stroke:var(--line);stroke-width:.6}
svg .divider{stroke:var(--muted);stroke-width:.8;stroke-dasharray:2 2}
svg .tick,svg .empty,svg .onset-label,svg .limit-label{font-size:11px;fill:var(--muted);font-family:system-ui,sans-serif}
svg .empty{font-size:12px}
svg .band{fill:var(--band)}
svg .median{stroke:var(--median);stroke-width:1.4}
svg .base-pt{fill:var(--median)}
svg .current{fill:none;stroke:var(--cur);stroke-width:1.2}
svg .pt{fill:var(--cur)}svg .pt.bad{fill:var(--fail)}
svg .failing{fill:var(--fail);opacity:.08}
svg .onset{stroke:var(--fail);stroke-width:1.4;stroke-dasharray:4 3}
svg .onset-label{fill:var(--fail)}
svg .limit{stroke:var(--limit);stroke-width:1.2;stroke-dasharray:6 3}
svg .limit-label{fill:var(--limit)}
`;
