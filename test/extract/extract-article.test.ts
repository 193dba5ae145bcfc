/**
 * extractArticle: text building, metadata and its fallbacks, null on non-articles; parseHtml's CSS guard.
 * Runs in the node environment on jsdom documents from parseHtml: extractArticle must use no DOM globals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { JSDOM, VirtualConsole } from 'jsdom';
import { articleText, extractArticle, toIsoDate, MIN_ARTICLE_WORDS } from '../../src/extract/extract-article';
import { extractFromHtml, parseHtml, stripStyles } from '../../src/cli/parse-html';

const PARAGRAPHS = [
  'The harbour of Westport reopened on Tuesday after three weeks of repairs to the sea wall, which was breached during the storm at the end of July.',
  'Engineers replaced more than two hundred metres of the wall and dredged the entrance channel, the port authority said in a statement issued on Monday evening.',
  '“We are grateful to everyone who worked through the nights to get the harbour ready,” said the harbour master, adding that the fishing fleet would return gradually.',
  'Ferry services to the islands are expected to resume on Thursday, although timetables will remain reduced until the end of the month because of crew shortages.',
  'Local businesses said the closure had cost them thousands of pounds – in some cases most of the summer’s takings – and asked the council for support.',
];
const BODY = PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n');
const BODY_TEXT = PARAGRAPHS.join('\n\n');

function page({ head = '', article = BODY, html = 'lang="en"', before = '', after = '' } = {}): string {
  return `<!doctype html><html ${html}><head><meta charset="utf-8"><title>Harbour reopens | Westport Gazette</title>${head}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
${before}<article><h1>Harbour reopens after storm repairs</h1>
<div class="content">${article}</div></article>${after}
<footer><p>© Westport Gazette</p><a href="/about">About</a></footer></body></html>`;
}

const extract = (html: string, url?: string | null) => {
  const doc = parseHtml(html, url ?? undefined);
  try {
    return extractArticle(doc, { url });
  } finally {
    doc.defaultView?.close();
  }
};

/** articleText of the <body> of a fragment. */
const textOf = (fragment: string): string => {
  const doc = parseHtml(`<!doctype html><body>${fragment}</body>`);
  return articleText(doc.body);
};

describe('extractArticle: text', () => {
  it('separates paragraphs by one blank line and keeps characters as they are', () => {
    const a = extract(page());
    expect(a).not.toBeNull();
    expect(a!.text).toBe(BODY_TEXT);
    expect(a!.text).toContain('“We are grateful'); // curly quotes and dashes are not rewritten
    expect(a!.text).toContain('thousands of pounds – in some cases most of the summer’s takings –');
  });

  it('puts blank lines between blocks, a line break for <br>, nothing between inline elements', () => {
    expect(
      textOf(
        '<h2>Heading</h2><p>One <b>bold</b><i>italic</i> word.</p><ul><li>first</li><li>second <em>item</em></li></ul>' +
          '<blockquote><p>Quoted</p></blockquote>Loose text<div><div><p>Nested</p></div></div><hr><pre>pre   text</pre>' +
          '<figure><figcaption>Caption</figcaption></figure><dl><dt>Term</dt><dd>Definition</dd></dl>' +
          '<p>line one<br>line two<br><br>new paragraph</p><table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>',
      ),
    ).toBe(
      'Heading\n\nOne bolditalic word.\n\nfirst\n\nsecond item\n\nQuoted\n\nLoose text\n\nNested\n\npre text\n\n' +
        'Caption\n\nTerm\n\nDefinition\n\nline one\nline two\n\nnew paragraph\n\na b\n\nc',
    );
  });

  it('collapses whitespace (including &nbsp;) and drops empty paragraphs', () => {
    expect(
      textOf(
        '\n  <p>  Several \n\t spaces&nbsp;and&nbsp;&nbsp;no-break spaces </p><p> </p><p>&nbsp;</p><div><br></div>' +
          '<p>across <span> inline </span> elements</p>\n\n<p><br>after a break<br></p>  ',
      ),
    ).toBe('Several spaces and no-break spaces\n\nacross inline elements\n\nafter a break');
  });

  it('skips script, style, noscript, template, hidden and aria-hidden content', () => {
    expect(
      textOf(
        '<p>Visible<script>var x = "script";</script><style>p { color: red }</style></p><noscript>Enable JS</noscript>' +
          '<template><p>template</p></template><p hidden>hidden paragraph</p><p>Also <span aria-hidden="true">icon</span>visible</p>' +
          '<div aria-hidden="false">not hidden</div>',
      ),
    ).toBe('Visible\n\nAlso visible\n\nnot hidden');
  });

  it('drops hidden elements inside the extracted article', () => {
    const a = extract(page({ article: `${BODY}<p hidden>Secret hidden text that nobody sees.</p><div aria-hidden="true">Share this</div>` }));
    expect(a!.text).toBe(BODY_TEXT);
  });
});

describe('extractArticle: metadata', () => {
  it('reads the page’s own tags', () => {
    const a = extract(
      page({
        html: 'lang="en-GB"',
        head:
          '<meta property="og:title" content="Harbour reopens after storm repairs">' +
          '<meta property="og:site_name" content="Westport Gazette"><meta name="application-name" content="Gazette App">' +
          '<meta property="article:published_time" content="2021-08-17T10:30:00+02:00">' +
          '<meta name="author" content="Jane Doe"><link rel="canonical" href="/news/harbour">' +
          '<meta property="og:url" content="https://example.org/og-url">',
      }),
      'https://example.org/news/harbour?utm_source=feed',
    );
    expect(a).toMatchObject({
      title: 'Harbour reopens after storm repairs',
      byline: 'Jane Doe',
      outlet: 'Westport Gazette',
      published: '2021-08-17T08:30:00Z',
      url: 'https://example.org/news/harbour',
      lang: 'en-GB',
    });
  });

  it('falls back to JSON-LD (@graph, publisher by @id) and survives broken JSON-LD', () => {
    const graph = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebPage', '@id': 'https://example.org/#page', datePublished: '2020-01-01' },
        { '@type': 'Organization', '@id': 'https://example.org/#org', name: 'Westport Gazette Ltd' },
        { '@type': ['NewsArticle'], datePublished: '2021-08-17T09:00:00Z', publisher: { '@id': 'https://example.org/#org' } },
      ],
    };
    const a = extract(
      page({
        head:
          '<script type="application/ld+json">{ "this is": not json </script>' +
          `<script type="application/ld+json">${JSON.stringify(graph)}</script>`,
      }),
    );
    expect(a).toMatchObject({ outlet: 'Westport Gazette Ltd', published: '2021-08-17T09:00:00Z' });
  });

  it('reads JSON-LD with a trailing comma and a publisher object', () => {
    const a = extract(
      page({
        head:
          '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",' +
          '"datePublished":"2021-08-16","keywords":["a","b",],"publisher":{"@type":"Organization","name":"Gazette"}}</script>',
      }),
    );
    expect(a).toMatchObject({ outlet: 'Gazette', published: '2021-08-16' });
  });

  it('uses application-name for the outlet and og:url (resolved) for the URL', () => {
    const a = extract(
      page({ head: '<meta name="application-name" content="Gazette App"><meta property="og:url" content="/og/harbour">' }),
      'https://example.org/x',
    );
    expect(a).toMatchObject({ outlet: 'Gazette App', url: 'https://example.org/og/harbour' });
  });

  it('falls back to opts.url, then null; lang and outlet null when absent', () => {
    expect(extract(page({ html: '' }), 'https://example.org/page')).toMatchObject({
      url: 'https://example.org/page',
      lang: null,
      outlet: null,
      published: null,
    });
    // A relative canonical cannot be resolved without the page's URL.
    expect(extract(page({ head: '<link rel="canonical" href="/news/harbour">' }))!.url).toBeNull();
    expect(extract(page({ head: '<link rel="canonical" href="https://example.org/abs">' }))!.url).toBe('https://example.org/abs');
  });

  it('takes the date from <time datetime> in the article, then from meta name=date|pubdate|dc.date', () => {
    const withTime = page({
      article: `<p class="dateline"><time datetime="2021-08-16T22:00:00Z">16 August</time></p>${BODY}`,
      head: '<meta name="DC.date" content="2021-08-15">',
    });
    expect(extract(withTime)!.published).toBe('2021-08-16T22:00:00Z');
    expect(extract(page({ head: '<meta name="DC.date" content="2021-08-15">' }))!.published).toBe('2021-08-15');
    expect(extract(page({ head: '<meta name="pubdate" content="20210814">' }))!.published).toBe('2021-08-14');
  });

  it('returns null for an unparseable date, and skips it when a later source parses', () => {
    expect(extract(page({ head: '<meta property="article:published_time" content="yesterday">' }))!.published).toBeNull();
    expect(
      extract(
        page({
          head: '<meta property="article:published_time" content="2021-02-30"><meta name="date" content="Tue, 17 Aug 2021 09:00:00 GMT">',
        }),
      )!.published,
    ).toBe('2021-08-17T09:00:00Z');
  });

  it('falls back to og:title when the page has no other title', () => {
    const html = page({ head: '<meta property="og:title" content="OG title">' })
      .replace('<title>Harbour reopens | Westport Gazette</title>', '')
      .replace('<h1>Harbour reopens after storm repairs</h1>', '');
    expect(extract(html)!.title).toBe('OG title');
  });
});

describe('toIsoDate', () => {
  it.each([
    ['2021-08-17', '2021-08-17'],
    [' 2021-08-17T09:00:00Z ', '2021-08-17T09:00:00Z'],
    ['2021-08-17T09:00:00.000Z', '2021-08-17T09:00:00Z'],
    ['2021-08-17T11:00:00+02:00', '2021-08-17T09:00:00Z'],
    ['2021-08-17T04:30-0530', '2021-08-17T10:00:00Z'],
    ['2021-08-17 09:00', '2021-08-17T09:00:00'],
    ['20210817', '2021-08-17'],
    ['Tue, 17 Aug 2021 09:00:00 GMT', '2021-08-17T09:00:00Z'],
    ['Aug 17 2021 05:00:00 EDT', '2021-08-17T09:00:00Z'],
    ['August 17, 2021', '2021-08-17'],
    ['August 17, 2021 9:15 am', '2021-08-17T09:15:00'],
    ['2021-13-01', null],
    ['2021-02-29', null],
    ['yesterday', null],
    ['5 minutes ago', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(toIsoDate(raw)).toBe(expected);
  });
});

describe('extractArticle: not an article', () => {
  it(`returns null below ${MIN_ARTICLE_WORDS} words or when Readability finds nothing`, () => {
    expect(extract(page({ article: '<p>Page not found. Try the search box.</p>' }))).toBeNull();
    expect(extract('<!doctype html><html><head><title>Empty</title></head><body></body></html>')).toBeNull();
    expect(
      extract(
        '<!doctype html><body><form><label>Email <input name="e"></label><label>Password <input type="password"></label>' +
          '<button>Sign in</button></form><a href="/forgot">Forgot your password?</a></body>',
      ),
    ).toBeNull();
  });
});

describe('parseHtml: CSS that crashes jsdom', () => {
  const crashing = page({ head: '<style>.spinner { border: inherit; border-color: red }</style>' });
  const quiet = new VirtualConsole();

  it('jsdom itself throws on this stylesheet (cssstyle TypeError)', () => {
    expect(() => new JSDOM(crashing, { virtualConsole: quiet })).toThrow(TypeError);
  });

  it('parseHtml and extractFromHtml retry without inline CSS', () => {
    const doc = parseHtml(crashing, 'https://example.org/a');
    expect(doc.querySelector('style')).toBeNull();
    expect(doc.querySelector('article h1')?.textContent).toBe('Harbour reopens after storm repairs');
    doc.defaultView?.close();
    expect(extractFromHtml(crashing, 'https://example.org/a')?.text).toBe(BODY_TEXT);
  });

  it('stripStyles removes style blocks and attributes only', () => {
    expect(stripStyles('<style media="x">a{b:c}</style><p style="color:red" class=x>Hi</p><STYLE>\n</STYLE>')).toBe(
      '<p class=x>Hi</p>',
    );
  });

  // The 4 AEB pages on which jsdom 27's CSS parser throws (3 × cssstyle TypeError, 1 × css-tree SyntaxError).
  it.each([
    ['291a8bf33ee49074f33dcff37544ac40506cae450db83b6cb63f02b9920b51c2', TypeError],
    ['5fa5679de56c43edf70685762c2d1f2de296432ae53aa46e075b552fee17cab8', TypeError],
    ['7bb1ca90354313840329d2f569ea9fb3a582df2aa0a5e3669f8fc567eb6ea61b', TypeError],
    ['f5c90a6d5253c3a21ff3168c64bea4b5ffade7a1ba5bed952a59ebee0d648d98', SyntaxError],
  ])('AEB page %s', (id, errorType) => {
    const html = gunzipSync(readFileSync(join(__dirname, '..', 'fixtures', 'aeb', 'html', `${id}.html.gz`))).toString('utf8');
    expect(() => new JSDOM(html, { virtualConsole: quiet })).toThrow(errorType);
    const a = extractFromHtml(html);
    expect(a).not.toBeNull();
    expect(a!.text.split(/\s+/).length).toBeGreaterThan(100);
  });

  it('ignores a URL jsdom cannot use', () => {
    expect(extractFromHtml(page(), 'not a url')?.url).toBeNull();
  });
});
