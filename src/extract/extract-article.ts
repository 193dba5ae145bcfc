/**
 * The one article extraction of WireTrace, shared by the browser content script and the Node CLI so that both
 * see exactly the same text (match offsets index into `ExtractedArticle.text`).
 *
 * Runs Readability on the Document it is given and MUTATES it (Readability moves and removes nodes): pass a
 * clone or a freshly parsed document, never the live page. Uses no globals (`document`, `window`, `Node`):
 * everything goes through `doc`, so it runs unchanged on a jsdom document in Node.
 */
import { Readability } from '@mozilla/readability';

export interface ExtractedArticle {
  title: string | null;
  byline: string | null;
  outlet: string | null;
  /** ISO 8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` (page gave no zone) or UTC `…Z` (page gave a zone). */
  published: string | null;
  /** Canonical URL. */
  url: string | null;
  lang: string | null;
  /** Article body: paragraphs separated by a blank line ("\n\n"), `<br>` as "\n", no leading/trailing space. */
  text: string;
}

/**
 * Below this many words the page is not treated as an article (Readability returns its best guess on any page,
 * including a login form or an error page; a real news story is longer than a couple of sentences).
 */
export const MIN_ARTICLE_WORDS = 25;

/**
 * Elements that end the paragraph before them and start a new one: the text on either side is separated by a
 * blank line. (`<br>` gives a single line break; table cells are separated by a space.)
 */
const BLOCK_ELEMENTS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'nav', 'address', 'details', 'summary',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'blockquote', 'pre', 'figure', 'figcaption',
  'table', 'caption', 'tr', 'hr', 'header', 'footer', 'dl', 'dt', 'dd',
]);

/** Table cells: separated by a space so that adjacent cells do not run into one word. */
const CELL_ELEMENTS = new Set(['td', 'th']);

/** Elements whose content is never article text (code, styling, fallback content, embedded documents). */
const SKIPPED_ELEMENTS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio',
]);

/** Whitespace collapsed to one space: JavaScript's `\s` (ASCII whitespace, no-break spaces and Unicode spaces). */
const WHITESPACE_RUN = /\s+/g;

/** Words for MIN_ARTICLE_WORDS: each Han/Kana/Thai-family character counts as one, else letter/number runs. */
const WORD_RE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]|[\p{L}\p{N}\p{M}]+/gu;

/** JSON-LD `@type`s that describe the article itself (as Readability's list). */
const JSONLD_ARTICLE_TYPE =
  /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$/;

/** `<meta name=…>` values that hold a publication date, in order of preference (compared lower-cased). */
const DATE_META_NAMES = ['date', 'pubdate', 'publishdate', 'dc.date', 'dc.date.issued', 'dcterms.date', 'dcterms.issued'];

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

export function extractArticle(doc: Document, opts: { url?: string | null } = {}): ExtractedArticle | null {
  // Everything Readability removes or moves (scripts, the page's <article>) is read first.
  const metas = readMetas(doc);
  const jsonLd = readJsonLd(doc);
  const itemprop = doc.querySelector('[itemprop~="datePublished"][content], [itemprop~="datePublished"][datetime]');
  const itempropDate = itemprop?.getAttribute('content') ?? itemprop?.getAttribute('datetime');
  const pageTime = doc.querySelector('time[pubdate][datetime], article time[datetime]')?.getAttribute('datetime');
  const lang = clean(doc.documentElement?.getAttribute('lang'));
  const url = canonicalUrl(doc, metas, opts.url ?? null);

  const parsed = new Readability<Element>(doc, { serializer: (el) => el as Element }).parse();
  const root = parsed?.content;
  if (!parsed || !root) return null;
  const text = articleText(root);
  if (countWords(text) < MIN_ARTICLE_WORDS) return null;

  // The first source that parses: the page's article meta tags, JSON-LD, microdata, a <time> in the page's
  // <article> (or marked pubdate), generic date metas, and last a <time> in the extracted text (which may be a date
  // the story mentions rather than its own).
  const published = firstDate([
    metas.get('article:published_time'),
    metas.get('og:article:published_time'),
    jsonLd.datePublished,
    itempropDate,
    pageTime,
    ...DATE_META_NAMES.map((name) => metas.get(name)),
    root.querySelector('time[datetime]')?.getAttribute('datetime'),
  ]);

  return {
    title: clean(parsed.title) ?? clean(metas.get('og:title')),
    byline: clean(parsed.byline),
    outlet: clean(metas.get('og:site_name')) ?? clean(metas.get('application-name')) ?? clean(jsonLd.publisher),
    published,
    url,
    lang,
    text,
  };
}

/**
 * The text of an article element: text nodes with whitespace collapsed, a blank line between blocks
 * (BLOCK_ELEMENTS), "\n" for `<br>`, no empty paragraphs; SKIPPED_ELEMENTS, `[hidden]` and `[aria-hidden=true]`
 * left out. Characters are otherwise kept as they are (quotes, dashes, …): offsets into it are reported.
 */
export function articleText(root: Element): string {
  const out: string[] = [];
  let started = false; // some text was emitted
  let pendingBreak = 0; // newlines owed before the next text: 1 after <br>, 2 at a block boundary
  let pendingSpace = false; // a space is owed before the next text (dropped at a break)

  const emit = (data: string): void => {
    const s = data.replace(WHITESPACE_RUN, ' ');
    if (s === '') return;
    if (s === ' ') {
      pendingSpace = true;
      return;
    }
    const lead = s.charCodeAt(0) === 32;
    const trail = s.charCodeAt(s.length - 1) === 32;
    if (started) {
      if (pendingBreak > 0) out.push(pendingBreak === 1 ? '\n' : '\n\n');
      else if (pendingSpace || lead) out.push(' ');
    }
    out.push(s.slice(lead ? 1 : 0, trail ? -1 : undefined));
    started = true;
    pendingBreak = 0;
    pendingSpace = trail;
  };

  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) {
        emit((child as CharacterData).data);
      } else if (child.nodeType === ELEMENT_NODE) {
        const el = child as Element;
        const name = el.localName;
        if (SKIPPED_ELEMENTS.has(name) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') {
          continue;
        }
        if (name === 'br') {
          pendingBreak = Math.min(2, pendingBreak + 1);
        } else if (BLOCK_ELEMENTS.has(name)) {
          pendingBreak = 2;
          walk(el);
          pendingBreak = 2;
        } else if (CELL_ELEMENTS.has(name)) {
          pendingSpace = true;
          walk(el);
          pendingSpace = true;
        } else {
          walk(el);
        }
      }
    }
  };

  walk(root);
  return out.join('');
}

function countWords(text: string): number {
  return text.match(WORD_RE)?.length ?? 0;
}

/** Trimmed with whitespace collapsed; empty → null. */
function clean(s: string | null | undefined): string | null {
  const t = typeof s === 'string' ? s.replace(WHITESPACE_RUN, ' ').trim() : '';
  return t === '' ? null : t;
}

/** First `content` of each `<meta property|name>` key, keys lower-cased. */
function readMetas(doc: Document): Map<string, string> {
  const metas = new Map<string, string>();
  for (const m of Array.from(doc.getElementsByTagName('meta'))) {
    const content = m.getAttribute('content');
    if (content == null || content.trim() === '') continue;
    for (const attr of ['property', 'name']) {
      const key = m.getAttribute(attr)?.trim().toLowerCase();
      if (key && !metas.has(key)) metas.set(key, content);
    }
  }
  return metas;
}

/** A comma before `]` or `}`: the most common JSON-LD error on real pages (removed on a second try only). */
const TRAILING_COMMA = /,\s*([\]}])/g;

/** JSON.parse that returns undefined instead of throwing: broken JSON-LD just gives no metadata. */
function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `datePublished` and `publisher.name` from the page's JSON-LD, preferring article-typed nodes. Never throws. */
function readJsonLd(doc: Document): { datePublished: string | null; publisher: string | null } {
  const nodes: JsonObject[] = [];
  const collect = (v: unknown, depth: number): void => {
    if (depth > 4) return;
    if (Array.isArray(v)) {
      for (const item of v) collect(item, depth + 1);
    } else if (isObject(v)) {
      nodes.push(v);
      if (Array.isArray(v['@graph'])) collect(v['@graph'], depth + 1);
    }
  };
  for (const script of Array.from(doc.getElementsByTagName('script'))) {
    if (script.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    const json = (script.textContent ?? '').replace(/^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$/g, '');
    collect(parseJson(json) ?? parseJson(json.replace(TRAILING_COMMA, '$1')), 0);
  }
  const isArticle = (n: JsonObject): boolean => {
    const types = Array.isArray(n['@type']) ? n['@type'] : [n['@type']];
    return types.some((t) => typeof t === 'string' && JSONLD_ARTICLE_TYPE.test(t));
  };
  const ordered = [...nodes.filter(isArticle), ...nodes.filter((n) => !isArticle(n))];
  const byId = (id: unknown): JsonObject | undefined =>
    typeof id === 'string' ? nodes.find((n) => n['@id'] === id && typeof n.name === 'string') : undefined;
  const nameOf = (p: unknown): string | null => {
    for (const item of Array.isArray(p) ? p : [p]) {
      if (!isObject(item)) continue;
      const named = typeof item.name === 'string' ? item : byId(item['@id']);
      if (named && typeof named.name === 'string' && named.name.trim() !== '') return named.name;
    }
    return null;
  };
  let datePublished: string | null = null;
  let publisher: string | null = null;
  for (const n of ordered) {
    if (datePublished === null && typeof n.datePublished === 'string') datePublished = n.datePublished;
    if (publisher === null) publisher = nameOf(n.publisher);
  }
  return { datePublished, publisher };
}

function canonicalUrl(doc: Document, metas: Map<string, string>, pageUrl: string | null): string | null {
  return namedCanonicalUrl(doc, metas, pageUrl) ?? pageUrl;
}

/**
 * The canonical URL that the page itself names (`<link rel=canonical>`, else `og:url`), absolute and http(s), or
 * null when it names none. Unlike `ExtractedArticle.url`, never falls back to the page's own address: the content
 * script reports "the page names no canonical URL" as null. Only reads `doc`.
 */
export function pageCanonicalUrl(doc: Document, pageUrl: string | null): string | null {
  return namedCanonicalUrl(doc, readMetas(doc), pageUrl);
}

function namedCanonicalUrl(doc: Document, metas: Map<string, string>, pageUrl: string | null): string | null {
  const resolve = (href: string | null | undefined): string | null => {
    if (!href || href.trim() === '') return null;
    try {
      const u = pageUrl ? new URL(href.trim(), pageUrl) : new URL(href.trim());
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
      return null;
    }
  };
  for (const link of Array.from(doc.getElementsByTagName('link'))) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('canonical')) continue;
    const href = resolve(link.getAttribute('href'));
    if (href) return href;
  }
  return resolve(metas.get('og:url'));
}

function firstDate(candidates: Array<string | null | undefined>): string | null {
  for (const c of candidates) {
    const iso = c ? toIsoDate(c) : null;
    if (iso) return iso;
  }
  return null;
}

/** `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH[:]MM]`, also with a space instead of T and the basic `YYYYMMDD…` forms. */
const ISO_LIKE =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Normalises a page's date to ISO 8601, or null when it cannot be read. A date with a zone becomes a UTC
 * instant (`…Z`); a date without one keeps its wall-clock value and no zone, so the result never depends on the
 * time zone of the machine running the extraction.
 */
export function toIsoDate(raw: string): string | null {
  const s = raw.trim();
  const m = ISO_LIKE.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, zone] = m;
    const date = `${y}-${mo}-${d}`;
    const wall = h === undefined ? null : `${h}:${mi}:${sec ?? '00'}`;
    const check = new Date(`${date}T${wall ?? '00:00:00'}Z`);
    // Reject 2021-02-30, 25:00 and the like (Date would roll them over).
    if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) return null;
    if (wall === null) return date;
    if (!zone) return `${date}T${wall}`;
    const offset = /^z$/i.test(zone) ? 'Z' : zone.length === 3 ? `${zone}:00` : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const instant = new Date(`${date}T${wall}${offset}`);
    return Number.isNaN(instant.getTime()) ? null : instant.toISOString().replace('.000Z', 'Z');
  }
  // Other forms ("Tue, 17 Aug 2021 09:00:00 GMT", "August 17, 2021"): only with a plausible year, since Date.parse
  // guesses a date from almost anything.
  if (!/\b(?:1[89]|20)\d{2}\b/.test(s)) return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  if (/\b(?:GMT|UTC|UT|Z|[ECMP][SD]T)\b|\d:\d{2}(?::\d{2})?\s*[+-]\d{2}:?\d{2}$/i.test(s)) return new Date(t).toISOString().replace('.000Z', 'Z');
  const d = new Date(t); // no zone given: Date.parse read it as local time, so local fields give it back
  const date = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0 && !/\d:\d/.test(s)) return date;
  return `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
