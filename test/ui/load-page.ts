/** Puts an extension page's static skeleton (its index.html body, without scripts) into the jsdom document. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadPage(relativeHtml: string): void {
  const html = readFileSync(join(__dirname, '..', '..', relativeHtml), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  for (const s of parsed.querySelectorAll('script')) s.remove();
  document.body.className = parsed.body.className;
  document.body.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
}
