/**
 * @jest-environment jsdom
 *
 * The pages' strings live in _locales/en/messages.json. These checks keep the file, the HTML marks and the
 * code in step: every key used exists, every key exists for a use, placeholders are in Chrome's format, and
 * localising a page leaves its English text exactly as the HTML has it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import browser from 'webextension-polyfill';
import { label } from '../../src/content/hover-card';
import { formatMessage, isMessageKey, t, tCount, tNodes } from '../../src/ui/shared/i18n';
import { attributeKeys, localisePage } from '../../src/ui/shared/localise-page';

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

const ROOT = join(__dirname, '..', '..');
const MESSAGES: Record<string, Entry> = JSON.parse(readFileSync(join(ROOT, '_locales/en/messages.json'), 'utf8'));
const KEYS = Object.keys(MESSAGES);
const PAGES = ['popup', 'compare', 'options', 'welcome'].map((p) => `src/ui/${p}/index.html`);
const KEY_RE = /^[a-z][A-Za-z0-9]*$/;

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path, ext));
    else if (name.endsWith(ext)) out.push(path);
  }
  return out;
}

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

function parsePage(path: string): Document {
  return new DOMParser().parseFromString(read(path), 'text/html');
}

/** [key, where] for every data-i18n and data-i18n-attr mark of a page. */
function htmlKeys(path: string): Array<[key: string, where: string]> {
  const doc = parsePage(path);
  const out: Array<[string, string]> = [];
  for (const el of doc.querySelectorAll<HTMLElement>('[data-i18n]')) out.push([el.dataset.i18n ?? '', `${path} <${el.tagName.toLowerCase()}>`]);
  for (const el of doc.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    for (const [attr, key] of attributeKeys(el.dataset.i18nAttr ?? '')) out.push([key, `${path} ${attr}`]);
  }
  return out;
}

/** The argument text of every t( / tCount( / tNodes( call in a source file (parentheses balanced). */
function callArguments(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\bt(?:Count|Nodes)?\(/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')') depth--;
    }
    out.push(source.slice(start, i - 1));
  }
  return out;
}

/** Single-quoted literals shaped like message keys. */
const keyLiterals = (text: string): string[] => [...text.matchAll(/'([A-Za-z0-9]+)'/g)].map((m) => m[1]).filter((s) => KEY_RE.test(s));

/** Normalised text of a document and of every attribute a mark names, for before/after comparisons. */
function visibleText(doc: Document): { title: string; body: string; marks: string[]; attributes: string[] } {
  const norm = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();
  return {
    title: norm(doc.title),
    body: norm(doc.body.textContent),
    marks: [...doc.querySelectorAll('[data-i18n]')].map((el) => norm(el.textContent)),
    attributes: [...doc.querySelectorAll<HTMLElement>('[data-i18n-attr]')].flatMap((el) =>
      attributeKeys(el.dataset.i18nAttr ?? '').map(([attr]) => `${attr}=${el.getAttribute(attr)}`),
    ),
  };
}

afterEach(() => jest.restoreAllMocks());

/** What is wrong with an entry's placeholders, in Chrome's and Firefox's format; [] when nothing is. */
function placeholderProblems({ message, placeholders = {} }: Entry): string[] {
  const problems: string[] = [];
  // Substitutions go through named placeholders only ($NAME$), the format both browsers document.
  const named = [...message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]);
  if (message.replace(/\$([A-Za-z0-9_]+)\$/g, '').replace(/\$\$/g, '').includes('$')) problems.push('a bare $ outside a placeholder');
  if (named.some((n) => n !== n.toUpperCase())) problems.push('placeholder names are not upper case in the message');
  const names = new Set(named.map((n) => n.toLowerCase()));
  const declared = Object.keys(placeholders);
  if (names.size !== declared.length || declared.some((d) => !names.has(d))) problems.push('names differ from the placeholders');
  // $1…$n, each once: a translation may reorder the names, but the code passes substitutions by position.
  const contents = Object.values(placeholders).map((p) => p.content);
  if ([...contents].sort().join() !== contents.map((_, i) => `$${i + 1}`).join()) problems.push('contents are not $1…$n');
  if (Object.values(placeholders).some((p) => typeof p.example !== 'string' || p.example === '')) problems.push('an example is missing');
  return problems;
}

describe('messages.json', () => {
  test('every key is camelCase, with a trimmed message and a description', () => {
    const bad = KEYS.filter((key) => {
      const { message, description } = MESSAGES[key];
      return !KEY_RE.test(key) || typeof message !== 'string' || message === '' || message.trim() !== message || typeof description !== 'string' || description === '';
    });
    expect(bad).toEqual([]);
  });

  test('placeholders are well-formed: named in the message, numbered $1…$n, with examples', () => {
    const problems = KEYS.flatMap((key) => placeholderProblems(MESSAGES[key]).map((p) => `${key}: ${p}`));
    expect(problems).toEqual([]);
    // The checker itself catches what it is for.
    expect(placeholderProblems({ message: 'a $1 b' })).toContain('a bare $ outside a placeholder');
    expect(placeholderProblems({ message: '$N$', placeholders: { n: { content: '$2', example: '1' } } })).toContain('contents are not $1…$n');
    expect(placeholderProblems({ message: '$N$', placeholders: { m: { content: '$1', example: '1' } } })).toContain('names differ from the placeholders');
  });

  test('every key is used by a page, the content script, the background or the manifest', () => {
    const used = new Set<string>();
    for (const dir of ['src/ui', 'src/content', 'src/background']) {
      for (const file of filesUnder(dir, '.ts')) for (const k of keyLiterals(read(file))) used.add(k);
    }
    for (const page of PAGES) for (const [k] of htmlKeys(page)) used.add(k);
    for (const m of read('manifest.json').matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) used.add(m[1]);
    expect(KEYS.filter((k) => !used.has(k))).toEqual([]);
  });
});

describe('keys used by the pages', () => {
  test.each(PAGES)('%s marks only existing keys, on text attributes', (page) => {
    const keys = htmlKeys(page);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter(([k]) => !isMessageKey(k))).toEqual([]);
    const doc = parsePage(page);
    for (const el of doc.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
      for (const [attr] of attributeKeys(el.dataset.i18nAttr ?? '')) expect(['aria-label', 'placeholder', 'title', 'alt']).toContain(attr);
    }
  });

  test('every key passed to t, tCount and tNodes in src/ui exists', () => {
    const missing: string[] = [];
    let calls = 0;
    for (const file of filesUnder('src/ui', '.ts')) {
      for (const args of callArguments(read(file))) {
        calls++;
        for (const k of keyLiterals(args)) if (!isMessageKey(k)) missing.push(`${relative(ROOT, join(ROOT, file))}: ${k}`);
      }
    }
    expect(calls).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});

describe('localisePage', () => {
  test.each(PAGES)('%s reads exactly as its HTML once localised', (page) => {
    const doc = parsePage(page);
    const before = visibleText(doc);
    localisePage(doc);
    expect(visibleText(doc)).toEqual(before);
  });

  test.each(PAGES)('%s reads the same with the English fallback (no i18n API)', (page) => {
    jest.spyOn(browser.i18n, 'getMessage').mockImplementation(() => {
      throw new Error('no i18n here');
    });
    const doc = parsePage(page);
    const before = visibleText(doc);
    localisePage(doc);
    expect(visibleText(doc)).toEqual(before);
  });

  test('places child elements where the message says, keeping the same nodes', () => {
    const doc = parsePage('src/ui/welcome/index.html');
    const link = doc.querySelector('#demo-next a')!;
    const strong = doc.querySelector('strong')!;
    localisePage(doc);
    expect(doc.querySelector('#demo-next a')).toBe(link);
    expect(link.getAttribute('href')).toBe('#about-demo');
    expect(doc.querySelector('#demo-next')!.textContent).toBe('Next: how to see the demo corpus at work.');
    expect(doc.querySelector('strong')).toBe(strong);
    expect(doc.querySelectorAll('code')).toHaveLength(2);
  });

  test('uses the translation, and leaves unknown keys and non-text attributes alone', () => {
    jest.spyOn(browser.i18n, 'getMessage').mockImplementation((key: string, subs?: string | string[]) => {
      const s = Array.isArray(subs) ? subs : [];
      if (key === 'welcomeNext') return `Weiter: ${s[0]}!`;
      return key === 'importFiles' || key === 'browseSearchPlaceholder' ? `«${key}»` : '';
    });
    document.body.innerHTML = `
      <button data-i18n="importFiles">Import files</button>
      <p data-i18n="welcomeNext">Next: <a href="#x" data-i18n="noSuchKey">link</a>.</p>
      <input data-i18n-attr="placeholder:browseSearchPlaceholder, href:importFiles, title:noSuchKey" title="keep" />`;
    localisePage(document);
    expect(document.querySelector('button')!.textContent).toBe('«importFiles»');
    expect(document.querySelector('p')!.textContent).toBe('Weiter: link!');
    expect(document.querySelector('p a')!.getAttribute('href')).toBe('#x');
    const input = document.querySelector('input')!;
    expect(input.getAttribute('placeholder')).toBe('«browseSearchPlaceholder»');
    expect(input.hasAttribute('href')).toBe(false);
    expect(input.getAttribute('title')).toBe('keep');
  });

  test('keeps the English children when a translation drops one', () => {
    jest.spyOn(browser.i18n, 'getMessage').mockImplementation((key: string) => (key === 'welcomeNext' ? 'Weiter.' : ''));
    document.body.innerHTML = '<p data-i18n="welcomeNext">Next: <a href="#x">link</a>.</p>';
    localisePage(document);
    expect(document.querySelector('p')!.innerHTML).toBe('Next: <a href="#x">link</a>.');
  });
});

describe('t', () => {
  test('substitutes placeholders through the browser', () => {
    expect(t('popupSiteToggleHost', 'example.com')).toBe('Check articles on example.com');
    expect(t('browseRange', '51', '100', '2,345')).toBe('51–100 of 2,345');
    expect(t('loading')).toBe('Loading…');
  });

  test('falls back to English when getMessage returns nothing or throws', () => {
    const spy = jest.spyOn(browser.i18n, 'getMessage').mockReturnValue('');
    expect(t('welcomeLoaded', '4 articles', '4 articles')).toBe('Loaded: 4 articles. Your corpus now holds 4 articles.');
    spy.mockImplementation(() => {
      throw new Error('no i18n');
    });
    expect(t('importFilesOf', '3', '5 files')).toBe('3 of 5 files');
  });

  test('uses the translation when there is one', () => {
    jest.spyOn(browser.i18n, 'getMessage').mockReturnValue('Laden…');
    expect(t('loading')).toBe('Laden…');
  });

  test('never reads substituted text as a placeholder', () => {
    jest.spyOn(browser.i18n, 'getMessage').mockReturnValue('');
    expect(t('popupStorageProblem', 'costs $1 and $$')).toBe('Storage problem: costs $1 and $$');
    expect(t('browseRange', '$2', '$3', 'x')).toBe('$2–$3 of x');
  });

  test('the fallback formats every message as the browser fake does', () => {
    const getMessage = browser.i18n.getMessage.bind(browser.i18n);
    for (const key of KEYS) expect([key, formatMessage(MESSAGES[key], ['A', 'B', 'C'])]).toEqual([key, getMessage(key, ['A', 'B', 'C'])]);
  });

  test('formatMessage follows Chrome: named placeholders in any case, missing substitutions empty, $$ a dollar', () => {
    const entry = { message: 'Pay $Amount$$$ to $WHO$', placeholders: { amount: { content: '$1' }, who: { content: '$2' } } };
    expect(formatMessage(entry, ['5'])).toBe('Pay 5$ to ');
  });

  test('tCount picks one or many and writes digits with thousands commas', () => {
    expect(tCount(1, 'articlesOne', 'articlesMany')).toBe('1 article');
    expect(tCount(0, 'articlesOne', 'articlesMany')).toBe('0 articles');
    expect(tCount(12345, 'articlesOne', 'articlesMany')).toBe('12,345 articles');
    expect(tCount(2, 'articlesWereOne', 'articlesWereMany')).toBe('2 articles were');
  });

  test('tNodes places nodes and text in the message order', () => {
    const strong = document.createElement('strong');
    strong.textContent = '42 %';
    const parts = tNodes('sourceStats', strong, '120 words')!;
    expect(parts).toEqual([strong, ' of the article · ', '120 words', ' shared']);
    jest.spyOn(browser.i18n, 'getMessage').mockImplementation((_k: string, subs?: string | string[]) => `${(subs as string[])[1]} / ${(subs as string[])[0]}`);
    expect(tNodes('sourceStats', strong, 'x')).toEqual(['x', ' / ', strong]);
  });

  test('tNodes refuses a translation that drops or repeats a node', () => {
    const node = document.createElement('b');
    const spy = jest.spyOn(browser.i18n, 'getMessage').mockReturnValue('no placeholder');
    expect(tNodes('sourceStats', node, 'x')).toBeNull();
    spy.mockImplementation((_k: string, subs?: string | string[]) => `${(subs as string[])[0]}${(subs as string[])[0]}`);
    expect(tNodes('sourceStats', node, 'x')).toBeNull();
  });
});

describe("the content script's own English table", () => {
  // hover-card.ts keeps a small FALLBACK copy (it cannot import the pages' module); it must match the file.
  test.each(KEYS.filter((k) => k.startsWith('card')))('%s matches messages.json', (key) => {
    jest.spyOn(browser.i18n, 'getMessage').mockReturnValue('');
    const sub = MESSAGES[key].placeholders ? 'X' : undefined;
    expect(label(key, sub)).toBe(formatMessage(MESSAGES[key], sub === undefined ? [] : [sub]));
  });
});
