/**
 * Renders the ranked sources of a report as `<li class="source" data-source-id>` items (the e2e tests rely
 * on this shape and on the button texts "Show in page" and "Compare"). All text is untrusted: it goes
 * through `h`/`displayText`, links through `safeHref`.
 */
import type { Match, PageReport } from '../../core/types';
import { countLabel, displayText, h, safeHref } from '../shared/dom';
import { dateHint, formatDate, hostOf, percentLabel } from '../shared/format';
import { KIND_LABEL, kindsPresent } from '../../shared/passage-kind';
import { orderSources, sourceName, type ListedSource } from './source-order';

/** Longest title shown; the compare page shows the whole title. */
const TITLE_CHARS = 160;
const NAME_CHARS = 80;

export interface SourceActions {
  /** Absent for pasted text: there is no page to show passages in. */
  showInPage?: (sourceId: string) => void;
  compare: (sourceId: string) => void;
}

export function renderSources(list: HTMLOListElement, report: PageReport, actions: SourceActions): void {
  const items = orderSources(report.matches).map((s, i) => sourceItem(s, report, actions, i));
  list.replaceChildren(...items);
}

function sourceItem(listed: ListedSource, report: PageReport, actions: SourceActions, index: number): HTMLLIElement {
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
    hint ? h('span', { class: `hint hint-${hint.split(' ')[0]}` }, hint) : null,
  );

  const heading = h(
    'h3',
    { class: 'source-title', id: titleId },
    href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, title) : title,
    host ? h('span', { class: 'host muted' }, ` ${displayText(host, NAME_CHARS)}`) : null,
  );

  const stats = h(
    'p',
    { class: 'source-stats' },
    h('strong', {}, percentLabel(m.coverage)),
    ' of the article · ',
    countLabel(m.sharedWords, 'word', 'words'),
    ' shared',
  );

  const kinds = kindsPresent(m.spans);
  const kindLine = h(
    'p',
    { class: 'source-kinds' },
    h('span', { class: 'visually-hidden' }, 'Kinds: '),
    ...kinds.flatMap((k, i) => [i > 0 ? ' ' : null, h('span', { class: `kind kind-${k}` }, KIND_LABEL[k])]),
  );

  const related = listed.versionOf
    ? h('p', { class: 'source-versions muted' }, 'Another version of “', displayText(sourceName(listed.versionOf), NAME_CHARS), '”')
    : listed.versions.length > 0
      ? h('p', { class: 'source-versions muted' }, 'Also in ', versionNames(listed.versions))
      : null;

  const buttons = h(
    'div',
    { class: 'source-actions' },
    actions.showInPage
      ? h('button', { type: 'button', 'aria-describedby': titleId, onclick: () => actions.showInPage!(s.id) }, 'Show in page')
      : null,
    h('button', { type: 'button', 'aria-describedby': titleId, onclick: () => actions.compare(s.id) }, 'Compare'),
  );

  return h(
    'li',
    { class: listed.versionOf ? 'source version' : 'source', 'data-source-id': s.id, 'data-rank': listed.rank },
    meta,
    heading,
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
  return rest > 0 ? `${names.join(', ')} and ${rest} more` : names.join(', ');
}
