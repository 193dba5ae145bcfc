/**
 * The compare page: a page's article (left) and one of its sources (right), side by side, with the aligned
 * passages numbered and highlighted on both sides and the words that differ marked inside them.
 *   ?tab=<id>&source=<id>     the tab's report (asked from the background)
 *   ?text=last&source=<id>    the last "Check text" report (storage.session `check-text:last`)
 * The source's full text comes from the corpus store. The store is passed in, so tests give a fake.
 */
import browser from 'webextension-polyfill';
import type { Match, PageReport } from '@wiretrace/engine';
import { sendToBackground } from '../../shared/send';
import type { CorpusStore, StoredRecord } from '../../store/api';
import { byId, displayText, h, safeHref } from '../shared/dom';
import { formatDate, hostOf } from '../shared/format';
import { t, tCount, tNodes } from '../shared/i18n';
import { kindLabel } from '../shared/kind-label';
import { PASSAGE_KINDS, type PassageKind } from '../../shared/passage-kind';
import { renderPane } from './render-pane';
import { clipRanges, counterpart, passagePairs, segmentText, type PassagePair, type PassageRange } from './segments';
import { diffPair, type Span } from './word-diff';

export const CHECK_TEXT_KEY = 'check-text:last';
/** How long a passage flashes after a jump to it. */
const FLASH_MS = 1600;
const TITLE_CHARS = 300;

export type CompareStore = Pick<CorpusStore, 'getRecord' | 'close'>;

export interface CompareDeps {
  openStore: () => Promise<CompareStore>;
}

interface Loaded {
  report: PageReport;
  pageOutlet: string | null;
  pasted: boolean;
}

export interface CompareQuery {
  source: string;
  from: { tab: number } | { text: 'last' };
}

export function parseCompareQuery(search: string): CompareQuery | null {
  const q = new URLSearchParams(search);
  const source = q.get('source');
  if (!source) return null;
  if (q.get('text') === 'last') return { source, from: { text: 'last' } };
  const tab = q.get('tab');
  if (tab && /^\d+$/.test(tab) && Number.isSafeInteger(Number(tab))) return { source, from: { tab: Number(tab) } };
  return null;
}

class CompareError extends Error {}

async function loadReport(query: CompareQuery): Promise<Loaded> {
  if ('text' in query.from) {
    const got = await browser.storage.session.get(CHECK_TEXT_KEY);
    const stored = got[CHECK_TEXT_KEY] as { report?: PageReport } | undefined;
    if (!stored?.report) throw new CompareError(t('compareTextGone'));
    return { report: stored.report, pageOutlet: null, pasted: true };
  }
  const results = await sendToBackground('tab-results', { tabId: query.from.tab });
  if (!results) throw new CompareError(t('compareTabGone'));
  if (!results.report) throw new CompareError(t('compareTabNoReport'));
  return { report: results.report, pageOutlet: results.page?.outlet ?? null, pasted: false };
}

export async function startCompare(search: string, deps: CompareDeps): Promise<void> {
  const status = byId<HTMLParagraphElement>('status');
  const query = parseCompareQuery(search);
  if (!query) {
    showProblem(t('compareBadLink'));
    return;
  }
  let loaded: Loaded;
  try {
    loaded = await loadReport(query);
  } catch (e) {
    showProblem(e instanceof CompareError ? e.message : t('compareReadFailed', errorText(e)));
    return;
  }
  const { report } = loaded;
  const match = report.matches.find((m) => m.source.id === query.source);
  if (!match) {
    showProblem(t('compareSourceGone'));
    renderPageHead(loaded);
    return;
  }

  let record: StoredRecord | undefined;
  let recordProblem: string | null = null;
  try {
    const store = await deps.openStore();
    try {
      record = await store.getRecord(match.source.id);
    } finally {
      store.close();
    }
    if (!record) recordProblem = t('compareRecordGone');
  } catch (e) {
    recordProblem = t('compareRecordFailed', errorText(e));
  }

  document.title = t('compareDocTitleOf', displayText(report.title ?? t(loaded.pasted ? 'compareTitlePasted' : 'compareTitlePage'), 80));
  renderPageHead(loaded);
  renderSourceHead(match, record);
  const pairs = passagePairs(match, report.text.length, record?.text.length ?? 0);
  renderLegend(pairs);
  drawPanes(report.text, record?.text ?? null, pairs, recordProblem);
  status.textContent = recordProblem ?? t('compareStatus', tCount(pairs.length, 'passagesOne', 'passagesMany'));
}

function drawPanes(pageText: string, sourceText: string | null, pairs: readonly PassagePair[], recordProblem: string | null): void {
  const pageBody = byId('page-text');
  const sourceBody = byId('source-text');
  const pageRanges: PassageRange[] = pairs.map((p) => ({ ...p.page, passage: p.passage, kind: p.kind }));
  const sourceRanges: PassageRange[] = sourceText === null ? [] : pairs.map((p) => ({ ...p.source, passage: p.passage, kind: p.kind }));
  const pageDrawn = clipRanges(pageRanges);
  const sourceDrawn = clipRanges(sourceRanges);

  const insert: Span[] = [];
  const remove: Span[] = [];
  if (sourceText !== null) {
    for (const p of pairs) {
      // Each pair is diffed in the part of it that was drawn, so that marks never cross into a neighbour.
      const pd = pageDrawn.find((r) => r.passage === p.passage);
      const sd = sourceDrawn.find((r) => r.passage === p.passage);
      if (!pd || !sd) continue;
      const d = diffPair(pageText.slice(pd.start, pd.end), sourceText.slice(sd.start, sd.end));
      if (!d) continue;
      for (const [s, e] of d.page) insert.push([pd.start + s, pd.start + e]);
      for (const [s, e] of d.source) remove.push([sd.start + s, sd.start + e]);
    }
  }
  insert.sort((a, b) => a[0] - b[0]);
  remove.sort((a, b) => a[0] - b[0]);

  renderPane(pageBody, pageText, segmentText(pageText.length, pageDrawn), { changes: insert, changeTag: 'ins', otherSide: t('compareOtherSource') });
  if (sourceText === null) {
    sourceBody.replaceChildren(h('p', { class: 'problem', id: 'source-missing' }, recordProblem ?? t('compareSourceUnavailable')));
  } else {
    renderPane(sourceBody, sourceText, segmentText(sourceText.length, sourceDrawn), { changes: remove, changeTag: 'del', otherSide: t('compareOtherPage') });
  }

  const jump = (from: 'page' | 'source', n: number): void => {
    const pair = pairs.find((p) => p.passage === n);
    if (!pair) return;
    const target = from === 'page' ? counterpart(sourceDrawn, n, pair.source.start) : counterpart(pageDrawn, n, pair.page.start);
    if (target === null) return;
    const pane = from === 'page' ? sourceBody : pageBody;
    const el = pane.querySelector<HTMLElement>(`mark.passage[data-passage="${target}"]`);
    if (!el) return;
    if (typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.focus({ preventScroll: true });
    for (const m of pane.querySelectorAll<HTMLElement>(`mark.passage[data-passage="${target}"]`)) {
      m.classList.add('flash');
      setTimeout(() => m.classList.remove('flash'), FLASH_MS);
    }
  };
  wirePane(pageBody, (n) => jump('page', n));
  wirePane(sourceBody, (n) => jump('source', n));
}

/** Clicks and Enter/Space on a passage jump to its counterpart (one listener per pane, not per passage). */
function wirePane(pane: HTMLElement, onPassage: (n: number) => void): void {
  const passageOf = (t: EventTarget | null): number | null => {
    const mark = t instanceof Element ? t.closest<HTMLElement>('mark.passage') : null;
    const n = mark ? Number(mark.dataset.passage) : NaN;
    return Number.isInteger(n) ? n : null;
  };
  pane.addEventListener('click', (e) => {
    // Let the reader select text without jumping.
    if (window.getSelection()?.toString()) return;
    const n = passageOf(e.target);
    if (n !== null) onPassage(n);
  });
  pane.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const n = passageOf(e.target);
    if (n === null) return;
    e.preventDefault();
    onPassage(n);
  });
}

function headLines(title: string | null, outlet: string | null, published: string | null, url: string | null, fallbackTitle: string): Node[] {
  const href = safeHref(url);
  const host = hostOf(href);
  return [
    h('p', { class: 'pane-title' }, displayText(title?.trim() || fallbackTitle, TITLE_CHARS)),
    h(
      'p',
      { class: 'pane-meta muted' },
      outlet ? h('span', { class: 'outlet' }, displayText(outlet, 100)) : null,
      published ? h('time', { datetime: displayText(published, 40) }, formatDate(published)) : null,
      href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, displayText(host ?? href, 100)) : null,
    ),
  ];
}

function renderPageHead(loaded: Loaded): void {
  const { report } = loaded;
  const url = loaded.pasted ? null : (report.url ?? report.page);
  byId('page-head').replaceChildren(
    h('h2', {}, t(loaded.pasted ? 'comparePastedHeading' : 'comparePageHeading')),
    ...headLines(report.title, loaded.pageOutlet, report.published, url, t(loaded.pasted ? 'comparePastedTitle' : 'compareUntitledPage')),
  );
}

function renderSourceHead(match: Match, record: StoredRecord | undefined): void {
  const s = record ?? match.source;
  byId('source-head').replaceChildren(h('h2', {}, t('compareSourceHeading')), ...headLines(s.title, s.outlet, s.published, s.url, match.source.id));
}

function renderLegend(pairs: readonly PassagePair[]): void {
  const counts = new Map<PassageKind, number>();
  for (const p of pairs) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const items = PASSAGE_KINDS.filter((k) => counts.has(k)).map((k) =>
    h('li', {}, h('mark', { class: `legend-kind ${k}` }, kindLabel(k)), ` ${counts.get(k)}`),
  );
  const struck = h('del', {}, t('compareLegendStruck'));
  const wavy = h('ins', {}, t('compareLegendWavy'));
  // A translation that drops a sample still shows both, rather than losing the key to the marks.
  const diffLine = tNodes('compareLegendDiff', struck, wavy) ?? [struck, ' ', wavy];
  byId('legend').replaceChildren(
    h('ul', { class: 'legend-kinds', 'aria-label': t('compareLegendLabel') }, ...items),
    h('p', { class: 'legend-diff muted' }, ...diffLine),
  );
}

function showProblem(text: string): void {
  const status = byId<HTMLParagraphElement>('status');
  status.textContent = text;
  status.classList.add('problem');
}

function errorText(e: unknown): string {
  return displayText(e instanceof Error ? e.message : String(e), 300);
}
