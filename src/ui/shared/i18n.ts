/**
 * Localised text for the extension pages. The browser's `i18n.getMessage` reads `_locales/<locale>/messages.json`;
 * where it gives nothing (jest and jsdom, a page opened outside the extension) the English entry of
 * `_locales/en/messages.json` is formatted here the way the browser would. That file is the one source of the
 * English text: it is imported, not copied, so the fallback cannot drift from it, and `MessageKey` makes an
 * unknown key a type error.
 */
import browser from 'webextension-polyfill';
import en from '../../../_locales/en/messages.json';

export type MessageKey = keyof typeof en;

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const EN: Readonly<Record<MessageKey, MessageEntry>> = en;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(EN, key);
}

/**
 * Chrome's and Firefox's formatting of a messages.json entry: named placeholders ($NAME$, any case) become
 * their `content`, then $1…$9 the substitutions (missing ones ''), and $$ a dollar sign. Substitutions are
 * inserted in one pass and never re-read, so untrusted text holding "$1" stays as written.
 */
export function formatMessage(entry: MessageEntry, subs: readonly string[]): string {
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (m, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? m);
  return named.replace(/\$(\$|[1-9])/g, (_m, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
}

/** The message `key` in the browser's locale with `subs` for $1, $2…; English from messages.json as fallback. */
export function t(key: MessageKey, ...subs: string[]): string {
  let text = '';
  try {
    text = browser.i18n.getMessage(key, subs);
  } catch {
    // No i18n API here (tests, a page opened as a file): fall back to English below.
  }
  return text || formatMessage(EN[key], subs);
}

/** Digits as the pages have always shown them ("12,345"), whatever the locale: counts read the same everywhere. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 article" / "12,345 articles": `one` when n is 1, else `many`; each takes the number as $1. */
export function tCount(n: number, one: MessageKey, many: MessageKey): string {
  return t(n === 1 ? one : many, formatCount(n));
}

/** Private-use characters around a substitution's index: they never occur in messages. */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARK_RE = /\uE000(\d+)\uE001/;

/**
 * A message whose substitutions may be nodes (a `<strong>`, a link): the result is text and those nodes in
 * the translation's order, for `append`/`replaceChildren`. Every substitution goes through a marker, so no
 * substituted text is ever read as markup or as a placeholder. Null when the translation does not use each
 * node exactly once (a node cannot be in two places, and a dropped one would lose its content).
 */
export function tNodes(key: MessageKey, ...subs: Array<string | Node>): Array<string | Node> | null {
  const text = t(key, ...subs.map((_, i) => `${MARK_OPEN}${i}${MARK_CLOSE}`));
  const parts = text.split(MARK_RE);
  const out: Array<string | Node> = [];
  const used = new Set<number>();
  let repeated = false;
  parts.forEach((part, i) => {
    // split() with a capture group alternates text, index, text, index…
    if (i % 2 === 0) {
      if (part) out.push(part);
      return;
    }
    const index = Number(part);
    const sub = subs[index];
    if (sub === undefined) return;
    if (typeof sub !== 'string') {
      repeated ||= used.has(index);
      used.add(index);
    }
    out.push(sub);
  });
  const nodes = subs.filter((s) => typeof s !== 'string').length;
  return used.size === nodes && !repeated ? out : null;
}
