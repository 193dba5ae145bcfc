/**
 * Draws one side of the comparison: the text as paragraphs, passages as
 * `<mark class="passage KIND" data-passage="N">`, and word differences inside them as `<ins>` (page side) or
 * `<del>` (source side). Text only ever goes into text nodes. One pass over paragraphs, runs and changes
 * together, so a 100k-character article costs a few thousand nodes and no re-scans.
 */
import { t } from '../shared/i18n';
import { kindLabel } from '../shared/kind-label';
import { paragraphBounds, type Run } from './segments';
import type { Span } from './word-diff';

export interface PaneOptions {
  /** Absolute, sorted, non-overlapping ranges of words only on this side. */
  changes: readonly Span[];
  changeTag: 'ins' | 'del';
  /** "the source" / "this page" (localised): named in each passage's tooltip. */
  otherSide: string;
}

export function renderPane(container: HTMLElement, text: string, runs: readonly Run[], opts: PaneOptions): void {
  const doc = container.ownerDocument;
  const frag = doc.createDocumentFragment();
  const seen = new Set<number>();
  let ri = 0;
  let ci = 0;
  for (const [ps, pe] of paragraphBounds(text)) {
    const p = doc.createElement('p');
    let pos = ps;
    while (pos < pe) {
      while (ri < runs.length && runs[ri].end <= pos) ri++;
      const run = runs[ri];
      if (!run) {
        p.append(text.slice(pos, pe));
        break;
      }
      const end = Math.min(run.end, pe);
      if (run.passage === null || run.kind === null) {
        p.append(text.slice(pos, end));
      } else {
        const mark = doc.createElement('mark');
        mark.className = `passage ${run.kind}`;
        mark.dataset.passage = String(run.passage);
        if (!seen.has(run.passage)) {
          // The first piece of a passage carries its number (drawn by CSS, so the text stays the text) and
          // takes keyboard focus; pieces after a line break only highlight.
          seen.add(run.passage);
          mark.dataset.first = '';
          mark.tabIndex = 0;
          mark.id = `${container.id || 'pane'}-passage-${run.passage}`;
          mark.title = t('comparePassageTitle', String(run.passage), kindLabel(run.kind), opts.otherSide);
        }
        // Changes are sorted and never overlap: advance past those that end before this piece.
        while (ci < opts.changes.length && opts.changes[ci][1] <= pos) ci++;
        let cur = pos;
        let k = ci;
        while (k < opts.changes.length && opts.changes[k][0] < end) {
          const [cs, ce] = opts.changes[k];
          const from = Math.max(cur, cs);
          const to = Math.min(end, ce);
          if (from > cur) mark.append(text.slice(cur, from));
          if (to > from) {
            const tag = doc.createElement(opts.changeTag);
            tag.textContent = text.slice(from, to);
            mark.append(tag);
            cur = to;
          }
          if (ce > end) break;
          k++;
        }
        if (cur < end) mark.append(text.slice(cur, end));
        p.append(mark);
      }
      pos = end;
    }
    frag.append(p);
  }
  container.replaceChildren(frag);
}
