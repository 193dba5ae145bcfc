/**
 * @jest-environment jsdom
 *
 * The cheap gate: disabled sites, the size cap and isProbablyReaderable, in that order; and the article
 * element that stands in for an oversized page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProbablyReaderable } from '@mozilla/readability';
import { declaresArticle, findArticleScope, gatePage, isTooLarge, MAX_ELEMENTS, MAX_SCOPE_CANDIDATES, MAX_TEXT_CHARS, MIN_SCOPE_CHARS, textLengthUpTo } from '../../src/content/gate';
import { extractPage } from '../../src/content/extract-page';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../src/shared/settings';
import { TRICKY_BODY } from './content-helpers';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: {} }));

const DEMO = readFileSync(join(__dirname, '../../data/demo/index.html'), 'utf8');

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('gatePage', () => {
  test('an article page on an enabled site passes', () => {
    expect(gatePage(parse(DEMO), 'http://localhost/demo/', DEFAULT_SETTINGS)).toEqual({ ok: true, scope: null });
    expect(gatePage(parse(`<body>${TRICKY_BODY}</body>`), 'https://news.example/a', DEFAULT_SETTINGS)).toEqual({ ok: true, scope: null });
  });

  test('a disabled site (and its subdomains) is skipped before anything else is looked at', () => {
    const settings = normaliseSettings({ disabledSites: ['example.com'] });
    const doc = parse(DEMO);
    const spy = jest.spyOn(doc, 'getElementsByTagName');
    expect(gatePage(doc, 'https://www.example.com/story', settings)).toEqual({ ok: false, status: 'disabled' });
    expect(gatePage(doc, 'https://news.example.com/story', settings)).toEqual({ ok: false, status: 'disabled' });
    expect(spy).not.toHaveBeenCalled();
    expect(gatePage(doc, 'https://example.org/story', settings)).toEqual({ ok: true, scope: null });
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
    expect(gatePage(og, 'https://a.example/story', DEFAULT_SETTINGS)).toEqual({ ok: true, scope: null });
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

describe('oversized pages: the article element alone', () => {
  const story = (n: number) => Array.from({ length: n }, (_, i) => `<p>Paragraph ${i} of the story tells how the minister explained the budget to a room of reporters on Tuesday.</p>`).join('');
  /** A portal: thousands of menu links and table cells around one story. */
  const portal = (article: string) =>
    `<head><title>Portal</title><meta property="og:site_name" content="The Portal"><meta name="author" content="A. Writer"></head><body>` +
    `<nav><ul>${'<li><a href="/x">Section</a></li>'.repeat(MAX_ELEMENTS / 2)}</ul></nav>${article}<footer>${'<span>f</span>'.repeat(100)}</footer></body>`;

  test('a page over the element cap is checked through its <article> when that is under both caps', () => {
    const doc = parse(portal(`<article><h1>The budget</h1>${story(30)}</article>`));
    expect(isTooLarge(doc)).toBe(true);
    const gate = gatePage(doc, 'https://portal.example/story', DEFAULT_SETTINGS);
    expect(gate.ok).toBe(true);
    const scope = gate.ok ? gate.scope : null;
    expect(scope?.localName).toBe('article');
    // Only the article goes to Readability (a copy: the page is untouched), with the page's metadata.
    const before = doc.body.childElementCount;
    const extracted = extractPage(doc, 'https://portal.example/story', scope);
    expect(extracted?.text).toContain('Paragraph 29 of the story');
    expect(extracted?.text).not.toContain('Section');
    expect(extracted?.page.outlet).toBe('The Portal');
    expect(doc.body.childElementCount).toBe(before);
    expect(scope?.isConnected).toBe(true);
  });

  test('a page over the cap whose article is over it too (or has none) is too large', () => {
    expect(gatePage(parse(portal('<div>no article here</div>')), 'https://p.example/', DEFAULT_SETTINGS)).toEqual({ ok: false, status: 'too-large' });
    const huge = parse(`<body><article>${'<p>word word word word word word word word word.</p>'.repeat(30)}</article></body>`);
    expect(findArticleScope(huge, 1_000, 200)).toBeNull(); // ≈1,500 characters of text against a cap of 200
    expect(findArticleScope(huge, 20, 1_000_000)).toBeNull(); // 31 elements against a cap of 20
    expect(findArticleScope(huge, 1_000, 1_000_000)?.localName).toBe('article');
  });

  test('the most trusted candidate wins, teasers are ignored, and the longest story wins among equals', () => {
    const teaser = '<article><p>A teaser.</p></article>';
    const doc = parse(`<body>${teaser}<article>${story(5)}</article><article>${story(9)}</article><main>${story(40)}</main></body>`);
    const scope = findArticleScope(doc, 10_000, 100_000);
    expect(scope?.localName).toBe('article');
    expect(textLengthUpTo(scope!, 1e9)).toBeGreaterThan(textLengthUpTo(doc.querySelectorAll('article')[1], 1e9));
    expect(textLengthUpTo(doc.querySelectorAll('article')[0], 1e9)).toBeLessThan(MIN_SCOPE_CHARS);
    const marked = parse(`<body><article>${story(9)}<div itemprop="articleBody">${story(6)}</div></article></body>`);
    expect(findArticleScope(marked, 10_000, 100_000)?.getAttribute('itemprop')).toBe('articleBody');
    // <main> stands in when no <article> fits.
    const onlyMain = parse(`<body>${teaser}<main>${story(8)}</main></body>`);
    expect(findArticleScope(onlyMain, 10_000, 100_000)?.localName).toBe('main');
  });

  test('at most MAX_SCOPE_CANDIDATES elements are measured', () => {
    const doc = parse(`<body>${'<article><p>A teaser.</p></article>'.repeat(MAX_SCOPE_CANDIDATES)}<article>${story(10)}</article></body>`);
    expect(findArticleScope(doc, 10_000, 100_000)).toBeNull();
  });

  test('textLengthUpTo stops once past the cap', () => {
    const doc = parse(`<body>${'<p>abcdefghij</p>'.repeat(100)}</body>`);
    expect(textLengthUpTo(doc.body, 1e9)).toBe(1000);
    expect(textLengthUpTo(doc.body, 25)).toBe(30);
  });
});
