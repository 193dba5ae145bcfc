/**
 * Safe DOM building for the extension pages. Everything shown comes from untrusted text (imported files,
 * web pages), so nothing here ever parses HTML: text goes into `textContent`, attributes through
 * `setAttribute`, and links only ever point at http(s) URLs (`safeHref`).
 */
import { safeHref } from '../../shared/safe-text';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element: `h('a', { href: safeHref(url) }, 'text')`. `on*` attributes take listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (name === 'href' && typeof value === 'string') {
      const href = safeHref(value);
      if (href) el.setAttribute('href', href);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export { safeHref, displayText } from '../../shared/safe-text';

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}
