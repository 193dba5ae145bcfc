/**
 * @jest-environment jsdom
 *
 * Extraction of the live page on a copy, and the page's own metadata (PageInfo).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneDocument, extractPage } from '../../src/content/extract-page';
import { extractArticle } from '../../src/extract/extract-article';
import { TRICKY_BODY } from './content-helpers';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: {} }));

const DEMO = readFileSync(join(__dirname, '../../data/demo/index.html'), 'utf8');

function parse(head: string, lang = 'en'): Document {
  return new DOMParser().parseFromString(`<html lang="${lang}"><head>${head}</head><body>${TRICKY_BODY}</body></html>`, 'text/html');
}

describe('extractPage: PageInfo from the page metadata', () => {
  test('the demo page: canonical link, og:site_name, article:published_time, title, lang', () => {
    const doc = new DOMParser().parseFromString(DEMO, 'text/html');
    const got = extractPage(doc, 'http://localhost/demo/?utm_source=x');
    expect(got).not.toBeNull();
    expect(got!.page).toEqual({
      url: 'http://localhost/demo/?utm_source=x',
      canonicalUrl: 'http://localhost/demo/',
      title: "NATO chief blames Afghan leaders for 'tragedy' of Taliban takeover",
      outlet: 'The Daily Demo',
      byline: expect.any(String),
      published: '2021-08-18T09:00:00Z',
      lang: 'en',
    });
    // The same text as the CLI's extraction of the same page.
    const cli = extractArticle(new DOMParser().parseFromString(DEMO, 'text/html'), { url: 'http://localhost/demo/' });
    expect(got!.text).toBe(cli!.text);
  });

  test('og:url when there is no canonical link, resolved against the page URL', () => {
    const doc = parse('<meta property="og:url" content="/world/story-1">');
    expect(extractPage(doc, 'https://news.example/world/story-1?ref=home')!.page.canonicalUrl).toBe('https://news.example/world/story-1');
  });

  test('no canonical URL named: null (not the page address); no metadata: nulls, title from <title>', () => {
    const doc = parse('<title>Plain page title</title>', '');
    const info = extractPage(doc, 'https://news.example/a')!.page;
    expect(info.canonicalUrl).toBeNull();
    expect(info.outlet).toBeNull();
    expect(info.published).toBeNull();
    expect(info.lang).toBeNull();
    expect(info.title).toBe('Plain page title');
  });

  test('JSON-LD: datePublished and publisher name', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'NATO chief blames Afghan leaders',
      datePublished: '2021-08-18T11:00:00+02:00',
      publisher: { '@type': 'Organization', name: 'Wire Daily' },
    });
    const doc = parse(`<title>x</title><script type="application/ld+json">${ld}</script>`);
    const info = extractPage(doc, 'https://news.example/a')!.page;
    expect(info.published).toBe('2021-08-18T09:00:00Z');
    expect(info.outlet).toBe('Wire Daily');
  });

  test('a javascript: canonical is ignored', () => {
    const doc = parse('<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="https://news.example/b">');
    expect(extractPage(doc, 'https://news.example/a')!.page.canonicalUrl).toBe('https://news.example/b');
  });

  test('a page without an article gives null', () => {
    const doc = new DOMParser().parseFromString('<body><p>Too short.</p></body>', 'text/html');
    expect(extractPage(doc, 'https://news.example/a')).toBeNull();
  });
});

describe('extraction runs on a copy', () => {
  test('the live document is never modified', () => {
    const doc = new DOMParser().parseFromString(DEMO, 'text/html');
    const before = doc.documentElement.outerHTML;
    expect(extractPage(doc, 'http://localhost/demo/')).not.toBeNull();
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  test('when cloneNode throws (Vite dev mode), the page is re-parsed from its HTML', () => {
    const doc = new DOMParser().parseFromString(DEMO, 'text/html');
    const clone = jest.spyOn(doc, 'cloneNode').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading '__CE_registry')");
    });
    const copy = cloneDocument(doc);
    expect(copy).not.toBe(doc);
    expect(copy.querySelector('h1')?.textContent).toBe(doc.querySelector('h1')?.textContent);
    const got = extractPage(doc, 'http://localhost/demo/');
    expect(clone).toHaveBeenCalled();
    expect(got!.page.outlet).toBe('The Daily Demo');
    expect(got!.text).toContain('Stoltenberg');
  });
});
