/**
 * The popup's empty states: why there is no list, in plain words, keyed on the tab's status
 * (`#empty[data-reason]`), with the one action that helps when there is one.
 */
import type { TabStatus } from '../../shared/messages';
import { countLabel, displayText, h } from '../shared/dom';

/** TabStatus values plus the popup's own cases: no results at all for the tab, and unusable storage. */
export type EmptyReason = TabStatus | 'not-checked' | 'storage-error' | 'still-checking';

export interface EmptyContext {
  articles: number | null;
  host: string | null;
  error: string | null;
  /** For pasted text ("this text") rather than the tab's page ("this page"). */
  pasted: boolean;
  openOptions: () => void;
  enableSite: () => void;
}

const ERROR_CHARS = 300;

export function renderEmpty(p: HTMLParagraphElement, reason: EmptyReason, ctx: EmptyContext): void {
  p.dataset.reason = reason === 'still-checking' ? 'checking' : reason;
  p.hidden = false;
  p.replaceChildren(...emptyContent(reason, ctx));
}

export function hideEmpty(p: HTMLParagraphElement): void {
  p.hidden = true;
  p.removeAttribute('data-reason');
  p.replaceChildren();
}

function emptyContent(reason: EmptyReason, ctx: EmptyContext): Array<Node | string> {
  const where = ctx.pasted ? 'in this text' : 'on this page';
  switch (reason) {
    case 'done':
      return ctx.articles === null
        ? [`Nothing ${where} matches the articles in your collection.`]
        : [`Nothing ${where} matches your ${countLabel(ctx.articles, 'article', 'articles')}.`];
    case 'checking':
      return ['Checking this page…'];
    case 'still-checking':
      return ['This page is still being checked. Close this window and open it again in a moment.'];
    case 'not-article':
      return ["This page doesn't look like a news article, so WireTrace didn't check it."];
    case 'no-corpus':
      return [
        'There are no articles to compare with yet. Import a collection of news articles first. ',
        h('button', { type: 'button', class: 'primary', onclick: ctx.openOptions }, 'Import articles'),
      ];
    case 'disabled':
      return [
        ctx.host ? `WireTrace is turned off for ${displayText(ctx.host, 100)}. ` : 'WireTrace is turned off for this site. ',
        h('button', { type: 'button', class: 'primary', onclick: ctx.enableSite }, 'Turn it back on'),
      ];
    case 'too-large':
      return ['This page is too large to check.'];
    case 'error':
      return [ctx.error ? `Something went wrong while checking: ${displayText(ctx.error, ERROR_CHARS)}` : 'Something went wrong while checking this page.'];
    case 'storage-error':
      return [
        `WireTrace can't use the browser's storage, so it has no articles to compare with${ctx.error ? `: ${displayText(ctx.error, ERROR_CHARS)}` : '.'}`,
      ];
    case 'not-checked':
      return ["WireTrace hasn't checked this page. It checks articles on web pages (http and https) as they load: reload the page to check it."];
  }
}
