/** Human-readable scan reports. */
import type { ReuseLevel } from '@wiretrace/engine';
import type { PageError, PageReport } from './page';

const KIND_LABEL = { verbatim: 'verbatim', reworded: 'reworded' } as const;

/** The page's reuse level (the extension's badge colour) in words. */
const LEVEL_LABEL: Readonly<Record<ReuseLevel, string>> = {
  none: 'no reuse',
  some: 'some reuse',
  recycled: 'recycled',
  mostly: 'mostly recycled',
};

/** Longest excerpt of a passage printed in the human report. */
const EXCERPT_CHARS = 160;

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

/** "earlier than this page" / "later than this page" when both dates are known. */
function order(page: string | null, source: string | null): string | null {
  const p = page ? Date.parse(page) : NaN;
  const q = source ? Date.parse(source) : NaN;
  if (Number.isNaN(p) || Number.isNaN(q) || p === q) return null;
  return q < p ? 'earlier than this page' : 'later than this page';
}

export function formatReport(r: PageReport | PageError): string {
  if ('error' in r) return `${r.page}: error: ${r.error}\n`;
  const lines: string[] = [];
  const head = [r.title ? `“${r.title}”` : null, r.published ? `published ${r.published}` : null].filter(Boolean).join(', ');
  lines.push(`${r.page}${head ? ` — ${head}` : ''}`);
  if (r.matches.length === 0) {
    lines.push(`  ${r.words} words. No passage found in the corpus.`);
    return lines.join('\n') + '\n';
  }
  const sources = `${r.sourceCount} source${r.sourceCount === 1 ? '' : 's'}`;
  lines.push(`  ${r.words} words, ${percent(r.facts.share)} found in ${sources} — ${LEVEL_LABEL[r.facts.level]}:`);
  r.matches.forEach((m, i) => {
    const s = m.source;
    const meta = [s.outlet, s.published, order(r.published, s.published)].filter(Boolean).join(', ');
    lines.push(`  ${i + 1}. ${s.title ?? s.id}${meta ? ` (${meta})` : ''} [${s.id}]${m.group !== s.id ? ` — a version of ${m.group}` : ''}`);
    if (s.url) lines.push(`     ${s.url}`);
    const facts = r.facts.sources[i];
    const kinds = facts.kinds.map((k) => `${facts.passages[k]} ${k}`).join(', ');
    lines.push(`     ${percent(facts.coverage)} of the page, ${m.sharedWords} words; ${kinds}`);
    for (const sp of m.spans) {
      const label = `${KIND_LABEL[sp.kind]}${sp.quote ? ', quote' : ''}`;
      const also = sp.others.length ? ` (also in ${sp.others.join(', ')})` : '';
      lines.push(`       [${label}] ${excerpt(r.text.slice(sp.start, sp.end))}${also}`);
    }
  });
  return lines.join('\n') + '\n';
}
