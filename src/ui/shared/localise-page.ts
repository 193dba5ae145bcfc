/**
 * Localises a page's static HTML at start. The HTML keeps its English text, so a page reads right before
 * the script runs and tests that load the raw HTML see it; the marks say which message replaces it:
 *
 *   <button data-i18n="importFiles">Import files</button>            text
 *   <p data-i18n="welcomeNext">Next: <a data-i18n="…">…</a>.</p>      text around child elements, which the
 *                                                                    message places as $1, $2… (in order)
 *   <input data-i18n-attr="placeholder:browseSearchPlaceholder">     attributes, "name:key,name:key"
 *
 * Text only ever goes into text nodes and attribute values; nothing is parsed as HTML.
 */
import { isMessageKey, t, tNodes } from './i18n';

/** Attributes a translation may set: only ones that hold words, never URLs or handlers. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'placeholder', 'title', 'alt']);

export function localisePage(root: Document | Element): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) localiseText(el);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-attr]')) localiseAttributes(el);
}

function localiseText(el: HTMLElement): void {
  const key = el.dataset.i18n ?? '';
  if (!isMessageKey(key)) return;
  const children = [...el.children];
  if (children.length === 0) {
    el.textContent = t(key);
    return;
  }
  // The child elements are moved, not copied: their own marks (handled in the same pass) and ids stay valid.
  const parts = tNodes(key, ...children);
  if (parts) el.replaceChildren(...parts);
}

function localiseAttributes(el: HTMLElement): void {
  for (const [name, key] of attributeKeys(el.dataset.i18nAttr ?? '')) {
    if (TEXT_ATTRIBUTES.has(name) && isMessageKey(key)) el.setAttribute(name, t(key));
  }
}

/** The `data-i18n-attr` pairs of an element, for checks: [[attribute, key], …]. */
export function attributeKeys(value: string): Array<[string, string]> {
  return value
    .split(',')
    .map((pair) => pair.split(':').map((s) => s.trim()))
    .filter((p): p is [string, string] => p.length === 2 && p[0] !== '' && p[1] !== '');
}
