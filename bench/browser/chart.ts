/**
 * docs/bench-browser.svg: latency and import rate against corpus size, drawn as plain SVG (no dependencies).
 * Left: latencies on log–log axes (warm lookup, page to highlights, cold check), with the goals as dashed lines.
 * Right: import rate (articles/s) on a log x axis.
 */

export interface Series {
  label: string;
  color: string;
  dash?: string;
  /** Dots only, no line (for individual runs). */
  dotsOnly?: boolean;
  points: Array<[number, number]>;
}

export interface Panel {
  title: string;
  yLabel: string;
  logY: boolean;
  series: Series[];
  /** Horizontal reference lines (goals). */
  rules?: Array<{ y: number; label: string }>;
}

const W = 460;
const H = 320;
const M = { left: 58, right: 14, top: 34, bottom: 96 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fmtAxis(v: number): string {
  if (v >= 1_000_000) return `${+(v / 1_000_000).toFixed(1)}M`;
  if (v >= 1000) return `${+(v / 1000).toFixed(1)}k`;
  return `${+v.toPrecision(3)}`;
}

function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

function linTicks(hi: number): number[] {
  const step = 10 ** Math.floor(Math.log10(hi / 4 || 1));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => hi / s <= 6) ?? step * 10;
  const out: number[] = [];
  for (let v = 0; v <= hi * 1.001; v += nice) out.push(v);
  return out;
}

function panel(p: Panel, xs: number[], ox: number): string {
  const pts = p.series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y) && (!p.logY || y > 0));
  const ys = [...pts.map(([, y]) => y), ...(p.rules ?? []).map((r) => r.y)];
  const xLo = Math.min(...xs) / 1.5;
  const xHi = Math.max(...xs) * 1.5;
  let yLo = p.logY ? Math.min(...ys) / 1.6 : 0;
  let yHi = Math.max(...ys) * (p.logY ? 1.6 : 1.15);
  if (!Number.isFinite(yLo) || yLo <= 0) yLo = p.logY ? 1 : 0;
  if (!Number.isFinite(yHi) || yHi <= yLo) yHi = yLo * 10 || 1;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const X = (x: number): number => ox + M.left + ((Math.log(x) - Math.log(xLo)) / (Math.log(xHi) - Math.log(xLo))) * pw;
  const Y = (y: number): number =>
    M.top + ph - (p.logY ? (Math.log(y) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo)) : (y - yLo) / (yHi - yLo)) * ph;
  const out: string[] = [];
  out.push(`<text x="${ox + M.left}" y="20" font-weight="bold">${esc(p.title)}</text>`);
  out.push(`<rect x="${ox + M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  for (const t of p.logY ? logTicks(yLo, yHi) : linTicks(yHi)) {
    out.push(`<line x1="${ox + M.left}" x2="${ox + M.left + pw}" y1="${Y(t).toFixed(1)}" y2="${Y(t).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${ox + M.left - 4}" y="${(Y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${fmtAxis(t)}</text>`);
  }
  for (const x of xs) {
    out.push(`<line x1="${X(x).toFixed(1)}" x2="${X(x).toFixed(1)}" y1="${M.top}" y2="${M.top + ph}" stroke="#eee"/>`);
    out.push(`<text x="${X(x).toFixed(1)}" y="${M.top + ph + 14}" text-anchor="middle" font-size="11">${fmtAxis(x)}</text>`);
  }
  out.push(`<text x="${ox + M.left + pw / 2}" y="${M.top + ph + 30}" text-anchor="middle" font-size="11">articles in the corpus</text>`);
  out.push(`<text transform="translate(${ox + 14},${M.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="11">${esc(p.yLabel)}</text>`);
  for (const r of p.rules ?? []) {
    out.push(`<line x1="${ox + M.left}" x2="${ox + M.left + pw}" y1="${Y(r.y).toFixed(1)}" y2="${Y(r.y).toFixed(1)}" stroke="#c00" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${ox + M.left + pw - 4}" y="${(Y(r.y) - 3).toFixed(1)}" text-anchor="end" font-size="10" fill="#c00">${esc(r.label)}</text>`);
  }
  p.series.forEach((s, i) => {
    const ok = s.points.filter(([, y]) => Number.isFinite(y) && (!p.logY || y > 0));
    if (ok.length > 1 && !s.dotsOnly) {
      const d = ok.map(([x, y], j) => `${j ? 'L' : 'M'}${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    }
    for (const [x, y] of ok) out.push(`<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    const lx = ox + M.left + (i % 2) * (pw / 2);
    const ly = M.top + ph + 48 + Math.floor(i / 2) * 15;
    if (s.dotsOnly) out.push(`<circle cx="${lx + 9}" cy="${ly - 4}" r="3" fill="${s.color}"/>`);
    else out.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${lx + 22}" y="${ly}" font-size="11">${esc(s.label)}</text>`);
  });
  return out.join('\n');
}

export function chartSvg(xs: number[], left: Panel, right: Panel, caption: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 18}" viewBox="0 0 ${2 * W} ${H + 18}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel(left, xs, 0),
    panel(right, xs, W),
    `<text x="${W}" y="${H + 12}" text-anchor="middle" font-size="10" fill="#555">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
