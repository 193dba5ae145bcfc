/**
 * @jest-environment jsdom
 *
 * The cheap gate: disabled sites, the size cap and isProbablyReaderable, in that order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProbablyReaderable } from '@mozilla/readability';
import { declaresArticle, gatePage, isTooLarge, MAX_ELEMENTS, MAX_TEXT_CHARS } from '../../src/content/gate';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../src/shared/settings';
import { TRICKY_BODY } from './content-helpers';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: {} }));

const DEMO = readFileSync(join(__dirname, '../../data/demo/index.html'), 'utf8');

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('gatePage', () => {
  test('an article page on an enabled site passes', () => {
    expect(gatePage(parse(DEMO), 'http://localhost/demo/', DEFAULT_SETTINGS)).toEqual({ ok: true });
    expect(gatePage(parse(`<body>${TRICKY_BODY}</body>`), 'https://news.example/a', DEFAULT_SETTINGS)).toEqual({ ok: true });
  });

  test('a disabled site (and its subdomains) is skipped before anything else is looked at', () => {
    const settings = normaliseSettings({ disabledSites: ['example.com'] });
    const doc = parse(DEMO);
    const spy = jest.spyOn(doc, 'getElementsByTagName');
    expect(gatePage(doc, 'https://www.example.com/story', settings)).toEqual({ ok: false, status: 'disabled' });
    expect(gatePage(doc, 'https://news.example.com/story', settings)).toEqual({ ok: false, status: 'disabled' });
    expect(spy).not.toHaveBeenCalled();
    expect(gatePage(doc, 'https://example.org/story', settings)).toEqual({ ok: true });
  });

  test('a page with more than MAX_ELEMENTS elements is too large', () => {
    const doc = parse(`<body><article>${'<p>word</p>'.repeat(MAX_ELEMENTS)}</article></body>`);
    expect(doc.getElementsByTagName('*').length).toBeGreaterThan(MAX_ELEMENTS);
    expect(gatePage(doc, 'https://a.example/', DEFAULT_SETTINGS)).toEqual({ ok: false, status: 'too-large' });
  });

  test('a page with more than MAX_TEXT_CHARS characters of text is too large (few elements)', () => {
    const doc = parse(`<body><pre>${'x'.repeat(MAX_TEXT_CHARS + 1)}</pre></body>`);
    expect(gatePage(doc, 'https://a.example/', DEFAULT_SETTINGS)).toEqual({ ok: false, status: 'too-large' });
    expect(isTooLarge(parse(`<body><pre>${'x'.repeat(1000)}</pre></body>`))).toBe(false);
  });

  test('isTooLarge counts text across nodes and stops at the cap', () => {
    const doc = parse(`<body>${'<p>abcdefghij</p>'.repeat(20)}</body>`);
    expect(isTooLarge(doc, 1000, 199)).toBe(true);
    expect(isTooLarge(doc, 1000, 200)).toBe(false);
    expect(isTooLarge(doc, 20, 1000)).toBe(true); // html, head, body + 20 p
  });

  test('a page that does not look like an article is not-article', () => {
    const login = parse('<body><form><label>Email <input></label><button>Sign in</button></form><p>Forgot your password?</p></body>');
    expect(gatePage(login, 'https://a.example/login', DEFAULT_SETTINGS)).toEqual({ ok: false, status: 'not-article' });
  });

  test('a page whose metadata declares an article passes even when its paragraphs look short', () => {
    const shortParas = '<p>One short line.</p><p>Another short line.</p>';
    const og = parse(`<head><meta property="og:type" content="article"></head><body>${shortParas}</body>`);
    expect(isProbablyReaderable(og)).toBe(false);
    expect(gatePage(og, 'https://a.example/story', DEFAULT_SETTINGS)).toEqual({ ok: true });
    for (const type of ['NewsArticle', 'ReportageNewsArticle', 'BlogPosting', 'Article']) {
      const ld = parse(`<head><script type="application/ld+json">{"@context":"https://schema.org","@type":"${type}"}</script></head><body>${shortParas}</body>`);
      expect(declaresArticle(ld)).toBe(true);
    }
    const list = parse(`<head><script type="application/ld+json">{"@type": ["WebPage", "NewsArticle"]}</script></head><body>${shortParas}</body>`);
    expect(declaresArticle(list)).toBe(true);
    // A video page, an organisation's card or broken JSON-LD declare no article.
    for (const head of ['<meta property="og:type" content="video.other">', '<script type="application/ld+json">{"@type":"Organization"}</script>', '<script type="application/ld+json">{"@type": "NewsArt</script>']) {
      const doc = parse(`<head>${head}</head><body>${shortParas}</body>`);
      expect(gatePage(doc, 'https://a.example/x', DEFAULT_SETTINGS)).toEqual({ ok: false, status: 'not-article' });
    }
  });

  test('the gate never modifies the page', () => {
    const doc = parse(DEMO);
    const before = doc.documentElement.outerHTML;
    gatePage(doc, 'http://localhost/demo/', DEFAULT_SETTINGS);
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});
