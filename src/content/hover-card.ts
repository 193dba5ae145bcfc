/**
 * The card shown over a passage (on hover, or when the keyboard steps to it): which source it came from, the
 * source's title and date, how much of the article that source supplied, the kind of copy, and a link.
 * Titles, outlets and URLs come from files the reader imported (untrusted): the card is built with
 * `textContent` and `setAttribute` only, never by parsing HTML, and links are http(s) only.
 */
import { displayText as sharedDisplayText, safeHref } from '../shared/safe-text';
import browser from 'webextension-polyfill';
import type { Box } from './geometry';
import type { PassageKind } from './passages';

export interface CardInfo {
  kind: PassageKind;
  outlet: string | null;
  title: string | null;
  /** ISO date or date-time of the source. */
  published: string | null;
  url: string | null;
  /** The source's share of the article's words, 0..1. */
  coverage: number;
  /** How many other sources hold the same passage. */
  others: number;
}

/** Longest title or outlet shown: the card stays a card, whatever a corpus file holds. */
const MAX_TEXT = 200;

/** Gap between the passage and the card, and between the card and the viewport's edges (CSS px). */
const GAP = 6;
const EDGE = 8;

/** English texts, used when the extension's locale has no message for the key. */
const FALLBACK: Record<string, string> = {
  cardKindVerbatim: 'Copied verbatim',
  cardKindQuote: 'Same quotation, verbatim',
  cardKindReworded: 'Reworded',
  cardUnknownSource: 'Unknown source',
  cardUntitled: 'Untitled',
  cardShare: '$1 of this article comes from this source',
  cardOthers: 'Also in $1 other source(s)',
};

/** A localised message (`_locales`), else the English fallback; `$1` is replaced by `sub`. */
export function label(key: keyof typeof FALLBACK & string, sub?: string): string {
  let text = '';
  try {
    text = browser.i18n.getMessage(key, sub === undefined ? undefined : [sub]);
  } catch {
    /* no i18n in this context (tests, an unloaded extension) */
  }
  if (!text) text = FALLBACK[key] ?? key;
  return sub === undefined ? text : text.replace('$1', sub);
}

const KIND_KEY: Record<PassageKind, keyof typeof FALLBACK> = {
  verbatim: 'cardKindVerbatim',
  quote: 'cardKindQuote',
  reworded: 'cardKindReworded',
};

/** The host of an http(s) URL without "www." ("apnews.com"), for a source that names no outlet; else ''. */
export function hostOf(url: string | null | undefined): string {
  const href = safeHref(url);
  return href ? new URL(href).hostname.replace(/^www\./, '') : '';
}

/** Untrusted text for the card, cut to the card's length. */
export function displayText(text: string | null | undefined, max = MAX_TEXT): string {
  return sharedDisplayText(text, max);
}

export { safeHref };

/** "17 Aug 2021" from an ISO date (a date alone is shown as written, never shifted by the local time zone). */
export function formatDate(iso: string | null, locale?: string): string {
  if (!iso) return '';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const d = new Date(dateOnly ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(dateOnly ? { timeZone: 'UTC' } : {}) }).format(d);
  } catch {
    return iso.slice(0, 10);
  }
}

/** "97 %" in the reader's locale; at least "<1 %" for a non-zero share. */
export function formatShare(coverage: number, locale?: string): string {
  const c = Number.isFinite(coverage) ? Math.min(1, Math.max(0, coverage)) : 0;
  if (c > 0 && c < 0.01) return `<${new Intl.NumberFormat(locale, { style: 'percent' }).format(0.01)}`;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(c);
}

function part<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The card's DOM (detached). Text through textContent only. */
export function buildCard(doc: Document, info: CardInfo): HTMLElement {
  const card = part(doc, 'div', 'card');
  card.setAttribute('role', 'tooltip');

  const kind = part(doc, 'p', 'kind');
  kind.append(part(doc, 'span', `swatch k-${info.kind}`), doc.createTextNode(label(KIND_KEY[info.kind])));

  const meta = part(doc, 'p', 'meta');
  meta.append(part(doc, 'span', 'outlet', displayText(info.outlet) || hostOf(info.url) || label('cardUnknownSource')));
  const date = formatDate(info.published);
  if (date) meta.append(doc.createTextNode(` · ${date}`));

  const titleText = displayText(info.title) || label('cardUntitled');
  const href = safeHref(info.url);
  let title: HTMLElement;
  if (href) {
    const a = part(doc, 'a', 'title', titleText);
    a.setAttribute('href', href);
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
    title = a;
  } else {
    title = part(doc, 'span', 'title', titleText);
  }

  card.append(kind, meta, title, part(doc, 'p', 'share', label('cardShare', formatShare(info.coverage))));
  if (info.others > 0) card.append(part(doc, 'p', 'others', label('cardOthers', String(info.others))));
  return card;
}

/**
 * Where the card goes, in host coordinates: below the passage, or above it when there is no room below; its
 * left edge at the passage's, kept inside the viewport.
 */
export function placeCard(anchor: Box, card: { width: number; height: number }, viewport: Box): { left: number; top: number } {
  const minLeft = viewport.left + EDGE;
  const maxLeft = viewport.left + viewport.width - card.width - EDGE;
  const left = Math.max(minLeft, Math.min(anchor.left, maxLeft));
  const below = anchor.top + anchor.height + GAP;
  const above = anchor.top - card.height - GAP;
  const fitsBelow = below + card.height <= viewport.top + viewport.height - EDGE;
  const fitsAbove = above >= viewport.top + EDGE;
  return { left, top: fitsBelow || !fitsAbove ? below : above };
}

/** One card at a time, inside the overlay's shadow root. */
export class HoverCard {
  /** Which passage the card shows (-1: hidden). */
  passage = -1;
  private card: HTMLElement | null = null;
  /** Where the card was put, in host coordinates (for "is the pointer over the card"). */
  private box: Box | null = null;

  constructor(
    private readonly slot: HTMLElement,
    private readonly doc: Document,
  ) {}

  get shown(): boolean {
    return this.card !== null;
  }

  show(passage: number, info: CardInfo, anchor: Box, viewport: Box): void {
    this.hide();
    const card = buildCard(this.doc, info);
    this.slot.append(card);
    this.card = card;
    this.passage = passage;
    this.place(anchor, viewport);
  }

  /** Moves the shown card next to its passage again (after a re-layout). */
  place(anchor: Box, viewport: Box): void {
    if (!this.card) return;
    const r = this.card.getBoundingClientRect();
    const size = { width: r.width, height: r.height };
    const { left, top } = placeCard(anchor, size, viewport);
    this.card.style.setProperty('left', `${left}px`);
    this.card.style.setProperty('top', `${top}px`);
    this.box = { left, top, ...size };
  }

  /** Whether a point in host coordinates is over the card. */
  contains(x: number, y: number): boolean {
    const b = this.box;
    return b !== null && x >= b.left && x <= b.left + b.width && y >= b.top && y <= b.top + b.height;
  }

  hide(): void {
    this.card?.remove();
    this.card = null;
    this.box = null;
    this.passage = -1;
  }
}
