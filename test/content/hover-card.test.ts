/**
 * @jest-environment jsdom
 *
 * The hover card's content: untrusted text as text, http(s) links only, dates, shares, placement.
 */
import { buildCard, displayText, formatDate, formatShare, placeCard, safeHref, type CardInfo } from '../../src/content/hover-card';

jest.mock('webextension-polyfill', () => ({
  __esModule: true,
  default: { i18n: { getMessage: (key: string) => (key === 'cardKindReworded' ? 'Umformuliert' : '') } },
}));

const info = (over: Partial<CardInfo> = {}): CardInfo => ({
  kind: 'verbatim',
  outlet: 'Wire Service',
  title: 'After 20 years, NATO blames Afghan leaders',
  published: '2021-08-17',
  url: 'https://wire.example/story',
  coverage: 0.97,
  others: 2,
  ...over,
});

describe('buildCard', () => {
  test('outlet, date, title link, share, kind and other sources', () => {
    const card = buildCard(document, info());
    expect(card.querySelector('.outlet')!.textContent).toBe('Wire Service');
    expect(card.querySelector('.meta')!.textContent).toBe(`Wire Service · ${formatDate('2021-08-17')}`);
    const a = card.querySelector('a')!;
    expect(a.textContent).toBe('After 20 years, NATO blames Afghan leaders');
    expect(a.getAttribute('href')).toBe('https://wire.example/story');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(card.querySelector('.share')!.textContent).toBe(`${formatShare(0.97)} of this article comes from this source`);
    expect(card.querySelector('.kind')!.textContent).toBe('Copied verbatim');
    expect(card.querySelector('.swatch')!.classList.contains('k-verbatim')).toBe(true);
    expect(card.querySelector('.others')!.textContent).toBe('Also in 2 other source(s)');
  });

  test('markup in untrusted titles and outlets stays text; nothing is parsed', () => {
    const card = buildCard(document, info({ title: '<img src=x onerror="alert(1)">Title', outlet: '<b>Bold</b>' }));
    expect(card.querySelector('img')).toBeNull();
    expect(card.querySelector('b')).toBeNull();
    expect(card.querySelector('a')!.textContent).toBe('<img src=x onerror="alert(1)">Title');
    expect(card.querySelector('.outlet')!.textContent).toBe('<b>Bold</b>');
  });

  test('only http(s) URLs become links', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<p>x', '/relative', 'not a url', null]) {
      const card = buildCard(document, info({ url }));
      expect(card.querySelector('a')).toBeNull();
      expect(card.querySelector('.title')!.textContent).toBe('After 20 years, NATO blames Afghan leaders');
    }
    expect(safeHref(' http://a.example/x ')).toBe('http://a.example/x');
  });

  test('missing metadata has fallbacks; localised labels are used when the locale has them', () => {
    const card = buildCard(document, info({ outlet: null, title: null, published: null, url: null, others: 0, kind: 'reworded' }));
    expect(card.querySelector('.meta')!.textContent).toBe('Unknown source');
    // With no outlet but a link, the link's host names the source.
    const hosted = buildCard(document, info({ outlet: null, url: 'https://www.apnews.com/article/x' }));
    expect(hosted.querySelector('.outlet')!.textContent).toBe('apnews.com');
    expect(buildCard(document, info({ outlet: null, url: 'javascript:alert(1)' })).querySelector('.outlet')!.textContent).toBe('Unknown source');
    expect(card.querySelector('.title')!.textContent).toBe('Untitled');
    expect(card.querySelector('.others')).toBeNull();
    expect(card.querySelector('.kind')!.textContent).toBe('Umformuliert');
    expect(buildCard(document, info({ kind: 'quote' })).querySelector('.kind')!.textContent).toBe('Same quotation, verbatim');
  });
});

describe('formatting', () => {
  test('displayText strips controls and bidi overrides and cuts long text', () => {
    expect(displayText('a\u202eb\u0000c\n d')).toBe('a b c d');
    expect(displayText('x'.repeat(300))).toHaveLength(200);
    expect(displayText(null)).toBe('');
  });

  test('formatDate: a date alone is never shifted by the time zone; junk gives ""', () => {
    expect(formatDate('2021-08-17', 'en-GB')).toBe('17 Aug 2021');
    expect(formatDate('2021-08-17T23:30:00Z', 'en-GB')).toMatch(/Aug 2021/);
    expect(formatDate('soon')).toBe('');
    expect(formatDate(null)).toBe('');
  });

  test('formatShare', () => {
    expect(formatShare(0.97, 'en')).toBe('97%');
    expect(formatShare(0.004, 'en')).toBe('<1%');
    expect(formatShare(0, 'en')).toBe('0%');
    expect(formatShare(Number.NaN, 'en')).toBe('0%');
  });
});

describe('placeCard', () => {
  const viewport = { left: 0, top: 1000, width: 800, height: 600 };
  test('below the passage when it fits, above when it does not, inside the viewport horizontally', () => {
    expect(placeCard({ left: 100, top: 1100, width: 300, height: 40 }, { width: 300, height: 120 }, viewport)).toEqual({ left: 100, top: 1146 });
    expect(placeCard({ left: 100, top: 1500, width: 300, height: 40 }, { width: 300, height: 120 }, viewport)).toEqual({ left: 100, top: 1374 });
    expect(placeCard({ left: 700, top: 1100, width: 90, height: 20 }, { width: 300, height: 120 }, viewport).left).toBe(492);
    expect(placeCard({ left: -50, top: 1100, width: 90, height: 20 }, { width: 300, height: 120 }, viewport).left).toBe(8);
  });
});
