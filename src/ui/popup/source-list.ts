/**
 * Renders the ranked sources of a report as `<li class="source" data-source-id>` items (the e2e tests rely
 * on this shape and on the button texts "Show in page" and "Compare"). All text is untrusted: it goes
 * through `h`/`displayText`, links through `safeHref`.
 */
import type { Match, PageReport, SourceFacts } from '@wiretrace/engine';
import { displayText, h, safeHref } from '../shared/dom';
import { dateHint, formatDate, hostOf, percentLabel, seenWhen, type DateHint } from '../shared/format';
import { t, tCount, tNodes, type MessageKey } from '../shared/i18n';
import { kindLabel } from '../shared/kind-label';
import { orderSources, sourceName, type ListedSource } from './source-order';

/** Longest title shown; the compare page shows the whole title. */
const TITLE_CHARS = 160;
const NAME_CHARS = 80;

/** The hint's words; its class (`hint-earlier` …) stays keyed on the English value, which CSS and tests use. */
const HINT_KEY: Readonly<Record<DateHint, MessageKey>> = {
  'earlier than this page': 'hintEarlier',
  'later than this page': 'hintLater',
  'same day': 'hintSameDay',
};

export interface SourceActions {
  /** Absent for pasted text: there is no page to show passages in. */
  showInPage?: (sourceId: string) => void;
  compare: (sourceId: string) => void;
}

export function renderSources(list: HTMLOListElement, report: PageReport, actions: SourceActions): void {
  const facts = new Map(report.facts.sources.map((f) => [f.id, f]));
  const items = orderSources(report.matches).map((s, i) => sourceItem(s, facts.get(s.match.source.id)!, report, actions, i));
  list.replaceChildren(...items);
}

function sourceItem(listed: ListedSource, facts: SourceFacts, report: PageReport, actions: SourceActions, index: number): HTMLLIElement {
  const m = listed.match;
  const s = m.source;
  const titleId = `source-title-${index}`;
  const href = safeHref(s.url);
  const title = displayText(sourceName(m), TITLE_CHARS);
  const hint = dateHint(report.published, s.published);
  const host = hostOf(href);

  const meta = h(
    'p',
    { class: 'source-meta' },
    s.outlet ? h('span', { class: 'outlet' }, displayText(s.outlet, NAME_CHARS)) : null,
    s.published ? h('time', { datetime: displayText(s.published, 40) }, formatDate(s.published)) : null,
    hint ? h('span', { class: `hint hint-${hint.split(' ')[0]}` }, t(HINT_KEY[hint])) : null,
  );

  const heading = h(
    'h3',
    { class: 'source-title', id: titleId },
    href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, title) : title,
    host ? h('span', { class: 'host muted' }, ` ${displayText(host, NAME_CHARS)}`) : null,
  );

  const share = h('strong', {}, percentLabel(facts.coverage));
  const words = tCount(m.sharedWords, 'wordsOne', 'wordsMany');
  // A translation that drops the share still shows it, rather than losing the figure.
  const stats = h('p', { class: 'source-stats' }, ...(tNodes('sourceStats', share, words) ?? [share, ' ', words]));

  const kinds = facts.kinds;
  const kindLine = h(
    'p',
    { class: 'source-kinds' },
    h('span', { class: 'visually-hidden' }, `${t('sourceKinds')} `),
    ...kinds.flatMap((k, i) => [i > 0 ? ' ' : null, h('span', { class: `kind kind-${k}` }, kindLabel(k))]),
  );

  const seen = s.seenAt ? seenLine(s.seenAt, s.url, s.outlet) : null;

  const related = listed.versionOf
    ? h('p', { class: 'source-versions muted' }, t('sourceVersionOf', displayText(sourceName(listed.versionOf), NAME_CHARS)))
    : listed.versions.length > 0
      ? h('p', { class: 'source-versions muted' }, t('sourceAlsoIn', versionNames(listed.versions)))
      : null;

  const buttons = h(
    'div',
    { class: 'source-actions' },
    actions.showInPage
      ? h('button', { type: 'button', 'aria-describedby': titleId, onclick: () => actions.showInPage!(s.id) }, t('sourceShowInPage'))
      : null,
    h('button', { type: 'button', 'aria-describedby': titleId, onclick: () => actions.compare(s.id) }, t('sourceCompare')),
  );

  return h(
    'li',
    { class: listed.versionOf ? 'source version' : 'source', 'data-source-id': s.id, 'data-rank': listed.rank },
    meta,
    heading,
    seen,
    stats,
    kindLine,
    related,
    buttons,
  );
}

/** "Outlet A, Outlet B and 3 more". */
function versionNames(versions: readonly Match[]): string {
  const MAX_NAMED = 3;
  const names = versions.slice(0, MAX_NAMED).map((v) => displayText(v.source.outlet?.trim() || sourceName(v), NAME_CHARS));
  const rest = versions.length - names.length;
  return rest > 0 ? t('sourceNamesAndMore', names.join(', '), String(rest)) : names.join(', ');
}

/** "Seen before at apnews.com, 10:12 today": a source that is a page the reader read (captured). */
export function seenText(seenAt: string, url: string | null, outlet: string | null, now: Date = new Date()): string {
  const place = hostOf(safeHref(url)) ?? (outlet ? displayText(outlet, NAME_CHARS) : '');
  const when = seenWhen(seenAt, now);
  let whenText = '';
  if (when?.day === 'today') whenText = t('seenToday', when.time);
  else if (when?.day === 'yesterday') whenText = t('seenYesterday', when.time);
  else if (when?.day === 'earlier') whenText = t('seenOn', when.date, when.time);
  return t('sourceSeenBefore', place, whenText);
}

function seenLine(seenAt: string, url: string | null, outlet: string | null): HTMLElement {
  return h('p', { class: 'source-seen' }, seenText(seenAt, url, outlet));
}
