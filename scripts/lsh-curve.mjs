// Draws docs/lsh-s-curve.svg: the probability of becoming a candidate (or of being grouped) against
// similarity, for the parameters in src/core. Run: node scripts/lsh-curve.mjs
import { writeFileSync } from 'node:fs';

const BANDS = 2; // PASSAGE_BANDS
const ROWS = 2; // PASSAGE_ROWS
const GROUP_BINS = 128; // GROUP_SIGNATURE_BINS
const GROUP_J = 0.5; // GROUP_JACCARD

const lsh = (s, b, r) => 1 - Math.pow(1 - Math.pow(s, r), b);
function binomTail(n, p, k) {
  // P(X >= k), X ~ Binomial(n, p)
  let sum = 0;
  let logC = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i);
    if (i >= k) sum += Math.exp(logC + (p > 0 ? i * Math.log(p) : i === 0 ? 0 : -Infinity) + (p < 1 ? (n - i) * Math.log(1 - p) : n - i === 0 ? 0 : -Infinity));
  }
  return Math.min(1, sum);
}
const curves = [
  { label: `one sentence: 1 − (1 − s²)² (b=${BANDS}, r=${ROWS})`, color: '#1f6feb', f: (s) => lsh(s, BANDS, ROWS) },
  { label: 'article with 3 reworded sentences: 1 − (1 − p)³', color: '#2da44e', f: (s) => 1 - Math.pow(1 - lsh(s, BANDS, ROWS), 3) },
  { label: `grouped as one story: P(estimate ≥ ${GROUP_J}), ${GROUP_BINS} bins`, color: '#cf222e', f: (s) => binomTail(GROUP_BINS, s, Math.ceil(GROUP_J * GROUP_BINS)) },
];
const W = 640, H = 400, L = 60, R = 20, T = 30, B = 110;
const x = (s) => L + s * (W - L - R);
const y = (p) => T + (1 - p) * (H - T - B);
let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">\n`;
svg += `<rect width="${W}" height="${H}" fill="#fff"/>\n`;
for (let i = 0; i <= 10; i++) {
  const v = i / 10;
  svg += `<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(1)}" stroke="#eee"/><line x1="${x(0)}" y1="${y(v)}" x2="${x(1)}" y2="${y(v)}" stroke="#eee"/>\n`;
  svg += `<text x="${x(v)}" y="${y(0) + 16}" text-anchor="middle">${v.toFixed(1)}</text><text x="${x(0) - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>\n`;
}
svg += `<text x="${(x(0) + x(1)) / 2}" y="${y(0) + 34}" text-anchor="middle">Jaccard similarity s of the content-stem sets (sentences) or shingle sets (documents)</text>\n`;
svg += `<text transform="translate(16 ${(y(0) + y(1)) / 2}) rotate(-90)" text-anchor="middle">probability</text>\n`;
curves.forEach((c, i) => {
  const pts = [];
  for (let k = 0; k <= 200; k++) pts.push(`${x(k / 200).toFixed(1)},${y(c.f(k / 200)).toFixed(1)}`);
  svg += `<polyline fill="none" stroke="${c.color}" stroke-width="2.5" points="${pts.join(' ')}"/>\n`;
  svg += `<line x1="${L}" y1="${H - 60 + i * 18}" x2="${L + 24}" y2="${H - 60 + i * 18}" stroke="${c.color}" stroke-width="3"/><text x="${L + 32}" y="${H - 56 + i * 18}">${c.label}</text>\n`;
});
svg += `<text x="${W / 2}" y="18" text-anchor="middle" font-weight="bold">WireTrace LSH S-curves</text>\n</svg>\n`;
writeFileSync('docs/lsh-s-curve.svg', svg);
const rows = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((s) => `| ${s.toFixed(1)} | ${curves.map((c) => c.f(s).toFixed(2)).join(' | ')} |`);
console.log(`| s | ${curves.map((c) => c.label).join(' | ')} |\n|---|---|---|---|\n${rows.join('\n')}`);
