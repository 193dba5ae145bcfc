/** What `npm start` prints about the demo article: the sources found, their coverage, and the highlights. */
import type { TabResults } from '../../src/shared/messages';

const pct = (x: number): string => `${Math.round(x * 100)}%`;

function clip(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** The report of a checked tab (`results.report` set), as lines for the terminal. */
export function renderReport(results: TabResults): string {
  const r = results.report;
  if (!r) return `\n${results.page?.url ?? 'the page'}: not checked (${results.status})`;
  const out: string[] = [];
  out.push(`\n${r.page} — “${r.title ?? '(no title)'}”${r.published ? `, published ${r.published}` : ''}`);
  if (!r.matches.length) out.push(`  ${r.words} words, nothing found in the corpus.`);
  else {
    const covered = Math.max(...r.matches.map((m) => m.coverage));
    const sources = `${r.sourceCount} source${r.sourceCount === 1 ? '' : 's'}`;
    out.push(
      r.sourceCount === 1
        ? `  ${r.words} words, ${pct(covered)} found in ${sources} (the toolbar badge shows ${r.sourceCount}):`
        : `  ${r.words} words, passages found in ${sources} (the toolbar badge shows ${r.sourceCount}); the largest covers ${pct(covered)}:`,
    );
    r.matches.forEach((m, i) => {
      const kinds: Record<string, number> = {};
      for (const sp of m.spans) {
        const k = `${sp.kind}${sp.quote ? ' quote' : ''}`;
        kinds[k] = (kinds[k] ?? 0) + 1;
      }
      out.push(`  ${i + 1}. ${m.source.title ?? m.source.id}${m.source.published ? ` (${m.source.published})` : ''} [${m.source.id}]`);
      out.push(`     ${pct(m.coverage)} of the page, ${m.sharedWords} words; ${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    });
  }
  out.push(`  Highlighted in the page (${results.highlighted.length} passage${results.highlighted.length === 1 ? '' : 's'}):`);
  for (const h of results.highlighted) out.push(`    • ${clip(h, 110)}`);
  return out.join('\n');
}
