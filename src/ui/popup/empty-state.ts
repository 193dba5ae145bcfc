/**
 * The popup's empty states: why there is no list, in plain words, keyed on the tab's status
 * (`#empty[data-reason]`), with the one action that helps when there is one.
 */
import type { TabStatus } from '../../shared/messages';
import { displayText, h } from '../shared/dom';
import { t, tCount } from '../shared/i18n';

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
  switch (reason) {
    case 'done':
      if (ctx.articles === null) return [t(ctx.pasted ? 'emptyNoMatchPasted' : 'emptyNoMatchPage')];
      return [t(ctx.pasted ? 'emptyNoMatchPastedCount' : 'emptyNoMatchPageCount', tCount(ctx.articles, 'articlesOne', 'articlesMany'))];
    case 'checking':
      return [t('popupCheckingPage')];
    case 'still-checking':
      return [t('emptyStillChecking')];
    case 'not-article':
      return [t('emptyNotArticle')];
    case 'no-corpus':
      // The space separates the sentence from the button (layout, not wording).
      return [`${t('emptyNoCorpus')} `, h('button', { type: 'button', class: 'primary', onclick: ctx.openOptions }, t('emptyImportButton'))];
    case 'disabled':
      return [
        `${ctx.host ? t('emptyDisabledHost', displayText(ctx.host, 100)) : t('emptyDisabled')} `,
        h('button', { type: 'button', class: 'primary', onclick: ctx.enableSite }, t('emptyTurnOn')),
      ];
    case 'too-large':
      return [t('emptyTooLarge')];
    case 'error':
      return [ctx.error ? t('emptyErrorDetail', displayText(ctx.error, ERROR_CHARS)) : t('emptyError')];
    case 'storage-error':
      return [ctx.error ? t('emptyStorageDetail', displayText(ctx.error, ERROR_CHARS)) : t('emptyStorage')];
    case 'not-checked':
      return [t('emptyNotChecked')];
  }
}
