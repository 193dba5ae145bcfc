/**
 * The overlay's stylesheet (inside its closed shadow root, so the page's CSS cannot restyle it and ours cannot
 * leak out). Kinds differ by pattern as well as colour, so that they stay apart without colour vision and in
 * forced-colours mode:
 *   verbatim           solid fill + solid underline
 *   verbatim in quotes lighter fill + double underline
 *   reworded           faint fill + dashed outline
 * Boxes lie OVER the text, so fills are translucent; in forced-colours mode, where the system palette has no
 * translucency, the patterns carry the meaning with system colours (Highlight, Mark, CanvasText), and a
 * color-mix() tint is added where supported.
 */
export const OVERLAY_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: absolute !important;
  left: 0 !important;
  top: 0 !important;
  width: 0 !important;
  height: 0 !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  overflow: visible !important;
  transform: none !important;
  visibility: visible !important;
  opacity: 1 !important;
  z-index: 2147483647 !important;
  pointer-events: none !important;
}
.root {
  position: absolute; left: 0; top: 0; width: 0; height: 0;
  --v-fill: rgba(255, 190, 0, 0.30); --v-line: rgb(168, 112, 0);
  --q-fill: rgba(40, 120, 255, 0.16); --q-line: rgb(25, 90, 200);
  --r-fill: rgba(150, 70, 230, 0.07); --r-line: rgb(120, 40, 200);
  --flash: rgb(255, 120, 0);
  --card-bg: #ffffff; --card-fg: #1d1d1f; --card-muted: #5f6368; --card-border: rgba(0, 0, 0, 0.18); --card-link: #1a55c4;
}
.root.dark {
  --v-fill: rgba(255, 200, 40, 0.26); --v-line: rgb(255, 205, 70);
  --q-fill: rgba(100, 165, 255, 0.26); --q-line: rgb(140, 190, 255);
  --r-fill: rgba(190, 130, 255, 0.12); --r-line: rgb(205, 160, 255);
  --flash: rgb(255, 170, 60);
  --card-bg: #26272b; --card-fg: #ececef; --card-muted: #a9abb3; --card-border: rgba(255, 255, 255, 0.22); --card-link: #8ab4ff;
}
.layer { position: absolute; left: 0; top: 0; width: 0; height: 0; }
.box { position: absolute; box-sizing: border-box; pointer-events: none; border-radius: 2px; }
.k-verbatim { background: var(--v-fill); border-bottom: 2px solid var(--v-line); }
.k-quote { background: var(--q-fill); border-bottom: 3px double var(--q-line); }
.k-reworded { background: var(--r-fill); outline: 1.5px dashed var(--r-line); outline-offset: 1px; }
.root.hidden .box:not(.flash) { display: none; }
.box.flash { animation: wt-flash 0.8s ease-in-out 2; }
@keyframes wt-flash {
  0%, 100% { box-shadow: 0 0 0 0 transparent; }
  50% { box-shadow: 0 0 0 4px var(--flash); }
}
.card {
  position: absolute; pointer-events: auto; box-sizing: border-box;
  width: max-content; max-width: 360px; padding: 10px 12px; border-radius: 8px;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: left; white-space: normal;
  overflow-wrap: anywhere; color: var(--card-fg); background: var(--card-bg); border: 1px solid var(--card-border);
  box-shadow: 0 4px 16px rgba(0, 0, 0, 0.2);
}
.card[hidden] { display: none; }
.card .kind { display: flex; align-items: center; gap: 6px; font-weight: 600; margin: 0 0 4px; }
.card .swatch { display: inline-block; position: relative; width: 18px; height: 12px; }
.card .meta { color: var(--card-muted); margin: 0; }
.card .outlet { font-weight: 600; color: var(--card-fg); }
.card .title { display: block; margin: 2px 0 4px; color: var(--card-fg); font-weight: 600; }
.card a.title { color: var(--card-link); text-decoration: underline; }
.card .share, .card .others { margin: 0; }
@media (prefers-reduced-motion: reduce) {
  .box.flash { animation: none; box-shadow: 0 0 0 3px var(--flash); }
}
@media (forced-colors: active) {
  .box { forced-color-adjust: none; background: transparent; }
  .k-verbatim { border-bottom: 3px solid Highlight; outline: 1px solid Highlight; }
  .k-quote { border-bottom: 4px double Highlight; }
  .k-reworded { outline: 2px dashed CanvasText; outline-offset: 1px; }
  @supports (background: color-mix(in srgb, Mark 30%, transparent)) {
    .k-verbatim { background: color-mix(in srgb, Mark 35%, transparent); }
    .k-quote { background: color-mix(in srgb, Mark 20%, transparent); }
  }
  .box.flash { animation: none; box-shadow: 0 0 0 3px Highlight; }
  .card { border: 1px solid CanvasText; box-shadow: none; }
  .card .swatch { forced-color-adjust: none; }
}
`;
