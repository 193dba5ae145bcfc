/**
 * Hostile content for the e2e test of issue 5 ("Hostile content"): corpus records and a served page article
 * whose title, outlet, url and text carry markup, script URLs, CSS injection, bidi controls, NUL and lone
 * surrogates, and very long strings (a real 10 MB title).
 *
 * Generated programmatically: every payload KIND is rendered for every FIELD, and each rendering carries its
 * own id in a beacon URL on the test server (`<origin>/pwned/<id>`). If any payload were ever parsed as HTML
 * or CSS, or run as script, it would request its beacon (an <img>, <iframe>, <link>, CSS `url()`, or
 * `fetch`) and set `window.__pwned`; most also call `alert()`, which a test turns into a failure. So "nothing
 * executed" is observable three ways: no dialog, no beacon hit, no `__pwned`.
 *
 * The records' texts share one long paragraph each with the served page (`hostilePageHtml`), so the page is
 * matched by every hostile record: the badge, popup, compare page and hover card all show them.
 */
import { rng } from '../../../src/core/test/support/text-gen';

export const FIELDS = ['title', 'outlet', 'url', 'text'] as const;
export type Field = (typeof FIELDS)[number];

/** A 10 MB title, as the issue asks (10 × 2^20 characters). */
export const HUGE_TITLE_CHARS = 10 * 1024 * 1024;

/** The bidi and direction marks that `displayText` must strip (U+202A–202E, U+2066–2069, U+200E/F, U+061C). */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

export interface Payload {
  /** `<kind>.<field>`: unique, used in the beacon URL. */
  id: string;
  kind: string;
  field: Field | 'page-title' | 'page-outlet' | 'page-url' | 'page-text' | 'file-name' | 'malformed-line';
  value: string;
}

/** Builds one payload string for a beacon URL and a unique id (the id is also in the text, to find it rendered). */
type Maker = (beacon: string, id: string, field: Field) => string;

/** The code each active payload would run: visible to the test as `__pwned`, a beacon hit and a dialog. */
const run = (beacon: string, id: string) => `window.__pwned=1;fetch('${beacon}');alert('${id}')`;

/**
 * The payload kinds. Each is meaningful in every field: a URL kind in a title is shown as text; a markup
 * kind in the url field is not a valid http(s) URL and must give no link at all.
 */
export const KINDS: Readonly<Record<string, Maker>> = {
  script: (b, id) => `${id} <script>${run(b, id)}</script>`,
  'title-breakout': (b, id) => `${id} </title><script>${run(b, id)}</script></textarea></style></noscript><img src="${b}">`,
  'img-onerror': (b, id) => `${id} <img src=x onerror="${run(b, id)}"><img src="${b}">`,
  'svg-onload': (b, id) => `${id} <svg onload="${run(b, id)}"><image href="${b}"/><script>${run(b, id)}</script></svg>`,
  'iframe-object-embed': (b, id) => `${id} <iframe src="${b}" srcdoc="<script>${run(b, id)}</script>"></iframe><object data="${b}"></object><embed src="${b}">`,
  'attribute-breakout': (b, id) => `${id}" autofocus onfocus="${run(b, id)}" x="' onmouseover='${run(b, id)}' style="background:url(${b})`,
  'javascript-url': (b, id) => `javascript:${run(b, id)}//${id}`,
  'javascript-url-mixed-case': (b, id) => `JaVaScRiPt:${run(b, id)}//${id}`,
  'javascript-url-leading-space': (b, id) => ` \tjavascript:${run(b, id)}//${id}`,
  'javascript-url-entity': (b, id) => `jav&#x09;ascript:${run(b, id)}//${id}`,
  'data-html-url': (b, id) => `data:text/html,<script>${run(b, id)}</script><img src="${b}">#${id}`,
  'data-svg-url': (b, id) => `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="${run(b, id)}"/>`).toString('base64')}#${id}`,
  'vbscript-url': (b, id) => `vbscript:msgbox("${id}")'${b}`,
  'style-hide-all': (b, id) => `${id} <style>*{display:none!important}body{background:url(${b})}</style>`,
  'style-breakout': (b, id) => `${id} </style><style>@import url(${b});html{background:url("javascript:${run(b, id)}")}</style>`,
  'css-expression': (b, id) => `${id} x{}*{background:url(${b});behavior:expression(${run(b, id)})}`,
  'link-meta-base': (b, id) => `${id} <link rel=stylesheet href="${b}"><meta http-equiv="refresh" content="0;url=${b}"><base href="${b}/">`,
  'template-injection': (b, id) => `${id} {{constructor.constructor('${run(b, id)}')()}} \${${run(b, id)}} <%= ${run(b, id)} %> #{${run(b, id)}}`,
  'http-url-with-markup': (b, id) => `https://evil.example/${id}?q="><img src="${b}" onerror="${run(b, id)}">&r='><script>${run(b, id)}</script>`,
  bidi: (_b, id) => `\u202e${id} gnp.exe\u202c \u2066isolated\u2069 \u2067rtl\u2069 \u2068fsi\u2069 \u202amark\u202c \u202bembed\u202c \u200eLRM \u200fRLM \u061cALM`,
  'nul-and-surrogates': (_b, id) => `${id} NUL\u0000here lone-high\ud800 lone-low\udc00 reversed\udc00\ud800 BOM\ufeff DEL\u007f`,
  // Long strings: a real 10 MB title; elsewhere long enough to test wrapping and cutting without
  // multiplying the corpus by ten (an unbroken 60,000-character word is the layout test).
  'very-long': (b, id, field) => {
    if (field === 'title') return `${id} ${'W'.repeat(HUGE_TITLE_CHARS)}`;
    if (field === 'url') return `https://long.example/${id}/${'p'.repeat(100_000)}`;
    if (field === 'outlet') return `${id} ${'O'.repeat(100_000)}`;
    return `${id} ${'x'.repeat(60_000)}`;
  },
};

export const beaconPath = (id: string) => `/pwned/${encodeURIComponent(id)}`;

/** Every kind × field payload, for a server origin (`http://127.0.0.1:PORT`). */
export function recordPayloads(origin: string): Payload[] {
  const out: Payload[] = [];
  for (const [kind, make] of Object.entries(KINDS)) {
    for (const field of FIELDS) {
      const id = `${kind}.${field}`;
      out.push({ id, kind, field, value: make(`${origin}${beaconPath(id)}`, id, field) });
    }
  }
  return out;
}


const WORDS = (
  'the council said water harbour bridge report minister farmers prices market storm coast village school ' +
  'hospital railway station museum river valley mountain forest election budget taxes workers union strike ' +
  'police court judge ruling appeal company shares profit losses energy wind solar grid plant factory jobs ' +
  'teachers students exam results season league match goal coach players fans stadium tickets festival music ' +
  'artists gallery library archive records mayor residents housing rents street traffic cyclists buses trams ' +
  'airport flights delays weather forecast rain snow heat drought harvest wheat cattle fishing boats fleet'
).split(' ');

/** A paragraph of `n` pseudo-random words, with a full stop every dozen words (sentences for the matcher). */
export function paragraph(seed: number, n = 70): string {
  const rnd = rng(seed);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = WORDS[Math.floor(rnd() * WORDS.length)];
    if (i % 12 === 0) w = w[0].toUpperCase() + w.slice(1);
    words.push(i % 12 === 11 || i === n - 1 ? `${w}.` : w);
  }
  return words.join(' ');
}

export interface HostileRecord {
  id: string;
  kind: string;
  title: string;
  outlet: string;
  url: string;
  text: string;
  published: string;
}

/** The paragraph record `i` shares with the page. */
export const sharedParagraph = (i: number) => paragraph(1000 + i);

/** One record per kind, carrying that kind's payload in every field; its text shares paragraph i with the page. */
export function hostileRecords(payloads: readonly Payload[]): HostileRecord[] {
  const kinds = [...new Set(payloads.map((p) => p.kind))];
  return kinds.map((kind, i) => {
    const get = (field: Field) => payloads.find((p) => p.kind === kind && p.field === field)!.value;
    return {
      id: `hostile-${String(i).padStart(2, '0')}-${kind}`,
      kind,
      title: get('title'),
      outlet: get('outlet'),
      url: get('url'),
      // The shared paragraph, the payload, and a paragraph of its own (so that no two records are near-duplicates).
      text: `${sharedParagraph(i)}\n\n${get('text')}\n\n${paragraph(5000 + i)}`,
      published: '2024-03-01',
    };
  });
}

/** Harmless records that match nothing: enough to give the options table a second page. */
export function fillerRecords(n: number): { id: string; title: string; outlet: string; text: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `filler-${String(i).padStart(2, '0')}`,
    title: `Filler article ${i}`,
    outlet: 'Filler Times',
    text: `${paragraph(9000 + i)}\n\n${paragraph(9500 + i)}`,
  }));
}

/** HTML-escapes text for the served page (the page itself is not the attacker here: its *text* is). */
export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The payloads of the page article itself: its title, outlet, canonical URL and paragraphs. */
export function pagePayloads(origin: string): Payload[] {
  const b = (id: string) => `${origin}${beaconPath(id)}`;
  const mk = (field: Payload['field'], kind: string, f: Field = 'title'): Payload => {
    const id = `page.${kind}.${field}`;
    return { id, kind, field, value: KINDS[kind](b(id), id, f) };
  };
  return [
    { ...mk('page-title', 'title-breakout'), value: `${mk('page-title', 'title-breakout').value} ${KINDS.bidi('', 'page.bidi', 'title')} ${'T'.repeat(200_000)}` },
    mk('page-outlet', 'img-onerror'),
    mk('page-url', 'javascript-url', 'url'),
    mk('page-text', 'script', 'text'),
    mk('page-text', 'svg-onload', 'text'),
    mk('page-text', 'style-hide-all', 'text'),
    mk('page-text', 'bidi', 'text'),
    mk('page-text', 'template-injection', 'text'),
  ];
}

/** The served article: paragraph i of it is record i's shared paragraph; the page's own payloads in between. */
export function hostilePageHtml(recordCount: number, page: readonly Payload[]): string {
  const one = (field: Payload['field']) => page.find((p) => p.field === field)!.value;
  const texts = page.filter((p) => p.field === 'page-text').map((p) => p.value);
  const paragraphs: string[] = [];
  for (let i = 0; i < recordCount; i++) {
    paragraphs.push(`<p>${escapeHtml(sharedParagraph(i))}</p>`);
    if (i < texts.length) paragraphs.push(`<p>${escapeHtml(texts[i])}</p>`);
  }
  const title = escapeHtml(one('page-title'));
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="${escapeHtml(one('page-outlet'))}">
  <meta property="og:title" content="${title}">
  <meta property="article:published_time" content="2024-03-02T09:00:00Z">
  <link rel="canonical" href="${escapeHtml(one('page-url'))}">
  <!-- The page's own long title wraps, so that any sideways scrolling would be the extension's doing. -->
  <style>h1 { overflow-wrap: anywhere; }</style>
</head>
<body>
  <main>
    <article>
      <h1>${title}</h1>
      <p class="byline">By Hostile Staff</p>
      <div class="article-body">
      ${paragraphs.join('\n      ')}
      </div>
    </article>
  </main>
</body>
</html>
`;
}
