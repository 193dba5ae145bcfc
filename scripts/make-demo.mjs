#!/usr/bin/env node
// Rebuilds the demo data from the five seed texts (see data/README.md):
//   data/demo-corpus.jsonl   seeds 000, 002, 003, 004: the embedded default corpus
//   data/demo/index.html     seed 001 rendered as a news page ("The Daily Demo")
//
// Usage: node scripts/make-demo.mjs <seeds-dir> [--check]
//   <seeds-dir> holds 000.txt … 004.txt (or 000_<hash>.txt …), e.g. test/fixtures/seeds.
//   With --check nothing is written: exits 1 if a file would change.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const seedsDir = args.find((a) => !a.startsWith('--'));
if (!seedsDir) {
  console.error('usage: node scripts/make-demo.mjs <seeds-dir> [--check]');
  process.exit(2);
}

const PUBLISHED = '2021-08-17';

/**
 * Made-up outlet names, one per record, so that the demo shows "from which source" everywhere (hover card,
 * popup, options page). Each starts with "Demo" so that no one takes it for a real publisher: the seeds do
 * not reliably name theirs (data/README.md).
 */
const DEMO_OUTLETS = { 'seed-000': 'Demo Wire', 'seed-002': 'Demo Herald', 'seed-003': 'Demo Tribune', 'seed-004': 'Demo Gazette' };

function readSeed(prefix) {
  const name = readdirSync(seedsDir).find((f) => f === `${prefix}.txt` || (f.startsWith(`${prefix}_`) && f.endsWith('.txt')));
  if (!name) throw new Error(`no seed ${prefix}.txt or ${prefix}_*.txt in ${seedsDir}`);
  // Normalise line endings and trailing whitespace (trimEnd: spaces and no-break spaces) only.
  return readFileSync(join(seedsDir, name), 'utf8').replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd());
}

/** Every non-empty line is a paragraph; paragraphs are separated by one blank line. */
const paragraphs = (lines) => lines.filter((l) => l !== '').join('\n\n');

/** Title line of seed 003: a scraping artefact " date 2021-08-17 " precedes the real title. */
const DATE_PREFIX = /^\s*date \d{4}-\d{2}-\d{2}\s+/;

function corpusRecords() {
  const s000 = readSeed('000');
  const s002 = readSeed('002');
  const s003 = readSeed('003');
  const s004 = readSeed('004');
  if (!DATE_PREFIX.test(s003[0])) throw new Error('seed 003: first line does not start with " date YYYY-MM-DD "');
  return [
    // 000: first line is the headline.
    { id: 'seed-000', title: s000[0].trim(), text: paragraphs(s000.slice(1)) },
    // 002 and 004 have no headline: a short factual one written from the text.
    { id: 'seed-002', title: 'NATO chief blames Afghan political leadership for rapid collapse', text: paragraphs(s002) },
    // 003: first line is "date 2021-08-17 " + headline.
    { id: 'seed-003', title: s003[0].replace(DATE_PREFIX, '').trim(), text: paragraphs(s003.slice(1)) },
    {
      id: 'seed-004',
      title: "NATO chief says alliance was surprised by Taliban's swift takeover, blames Afghan leaders for fall of Kabul",
      text: paragraphs(s004),
    },
  ].map(({ id, title, text }) => ({ id, title, outlet: DEMO_OUTLETS[id], url: null, published: PUBLISHED, text }));
}

function corpusJsonl() {
  return corpusRecords().map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/**
 * Seed 001 is `<p>…</p>` markup joined by stray "." characters, and holds the article twice (one copy per line).
 * The page renders the first copy once, without the dots, keeping each paragraph's inner markup as it is.
 */
function seed001Paragraphs() {
  const first = readSeed('001').find((l) => l !== '');
  const paras = first.split(/(?<=<\/p>)\.(?=<p>)/);
  for (const p of paras) if (!/^<p>[\s\S]*<\/p>$/.test(p)) throw new Error(`seed 001: unexpected paragraph ${p.slice(0, 60)}`);
  return paras;
}

const HEADLINE = "NATO chief blames Afghan leaders for 'tragedy' of Taliban takeover";

function demoPage() {
  const body = seed001Paragraphs().map((p) => `        ${p}`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${HEADLINE} | The Daily Demo</title>
  <meta name="description" content="NATO Secretary General Jens Stoltenberg said the alliance was surprised by the speed of the Taliban victory.">
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="The Daily Demo">
  <meta property="og:title" content="${HEADLINE}">
  <meta property="og:url" content="http://localhost/demo/">
  <meta property="article:published_time" content="2021-08-18T09:00:00Z">
  <meta property="article:section" content="World">
  <link rel="canonical" href="http://localhost/demo/">
  <style>
    :root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9d9; --accent: #8a1c1c; }
    * { box-sizing: border-box; }
    body { margin: 0; color: var(--ink); background: #fbfaf7; font: 18px/1.6 Georgia, "Times New Roman", serif; }
    a { color: var(--accent); }
    .topbar { font: 13px/1.4 system-ui, sans-serif; color: var(--muted); border-bottom: 1px solid var(--rule); padding: 6px 24px; display: flex; justify-content: space-between; }
    .masthead { text-align: center; padding: 18px 24px 8px; }
    .masthead .name { font-size: 44px; font-weight: bold; letter-spacing: 0.02em; color: var(--ink); text-decoration: none; }
    .masthead .tagline { font: italic 14px/1.4 Georgia, serif; color: var(--muted); margin: 4px 0 0; }
    .sections { font: 14px/1 system-ui, sans-serif; border-top: 3px double var(--ink); border-bottom: 1px solid var(--rule); display: flex; gap: 20px; justify-content: center; padding: 10px; margin: 0; list-style: none; }
    .sections a { color: var(--ink); text-decoration: none; }
    .layout { max-width: 1080px; margin: 28px auto; padding: 0 24px; display: grid; grid-template-columns: minmax(0, 1fr) 280px; gap: 48px; }
    .kicker { font: bold 13px/1 system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.08em; color: var(--accent); margin: 0 0 10px; }
    h1 { font-size: 38px; line-height: 1.15; margin: 0 0 14px; }
    .byline { font: 14px/1.4 system-ui, sans-serif; color: var(--muted); margin: 0 0 6px; }
    .dateline { font: 14px/1.4 system-ui, sans-serif; color: var(--muted); margin: 0 0 24px; border-bottom: 1px solid var(--rule); padding-bottom: 16px; }
    .article-body p { margin: 0 0 1.1em; }
    .share { font: 13px/1 system-ui, sans-serif; display: flex; gap: 12px; margin: 28px 0; padding: 0; list-style: none; }
    .share a { border: 1px solid var(--rule); border-radius: 3px; padding: 6px 10px; text-decoration: none; color: var(--ink); }
    aside h2 { font: bold 14px/1 system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.06em; border-top: 3px solid var(--ink); padding-top: 10px; }
    aside ol, aside ul { padding-left: 20px; font-size: 16px; }
    aside li { margin-bottom: 12px; }
    .newsletter { background: #f0ede6; padding: 16px; font: 14px/1.5 system-ui, sans-serif; }
    footer { border-top: 1px solid var(--rule); margin-top: 40px; padding: 24px; text-align: center; font: 13px/1.6 system-ui, sans-serif; color: var(--muted); }
    footer ul { list-style: none; padding: 0; display: flex; gap: 16px; justify-content: center; }
    @media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
  </style>
</head>
<body>
  <div class="topbar"><span>Wednesday, 18 August 2021</span><span><a href="#">Subscribe</a> · <a href="#">Sign in</a></span></div>
  <header class="masthead">
    <a class="name" href="#">The Daily Demo</a>
    <p class="tagline">A made-up newspaper for trying out WireTrace</p>
  </header>
  <nav aria-label="Sections">
    <ul class="sections">
      <li><a href="#">Home</a></li>
      <li><a href="#">World</a></li>
      <li><a href="#">Politics</a></li>
      <li><a href="#">Business</a></li>
      <li><a href="#">Science</a></li>
      <li><a href="#">Sport</a></li>
      <li><a href="#">Opinion</a></li>
    </ul>
  </nav>
  <div class="layout">
    <main>
      <article>
        <header>
          <p class="kicker">World</p>
          <h1>${HEADLINE}</h1>
          <p class="byline">By Demo Staff</p>
          <p class="dateline"><time datetime="2021-08-18T09:00:00Z">18 August 2021, 09:00 UTC</time></p>
        </header>
        <div class="article-body">
${body}
        </div>
        <ul class="share" aria-label="Share this article">
          <li><a href="#">Share</a></li>
          <li><a href="#">Email</a></li>
          <li><a href="#">Print</a></li>
        </ul>
      </article>
    </main>
    <aside>
      <h2>Most read</h2>
      <ol>
        <li><a href="#">City council approves new cycle lanes after long debate</a></li>
        <li><a href="#">Heatwave warning issued for the weekend</a></li>
        <li><a href="#">Local library celebrates its centenary</a></li>
        <li><a href="#">Five questions about the new school year</a></li>
      </ol>
      <h2>More from World</h2>
      <ul>
        <li><a href="#">Evacuation flights resume as crowds gather at airport</a></li>
        <li><a href="#">What the Taliban takeover means for the region</a></li>
      </ul>
      <div class="newsletter">
        <strong>The Morning Demo</strong><br>
        Our daily newsletter, in your inbox before breakfast. <a href="#">Sign up</a>
      </div>
    </aside>
  </div>
  <footer>
    <ul>
      <li><a href="#">About us</a></li>
      <li><a href="#">Contact</a></li>
      <li><a href="#">Terms</a></li>
      <li><a href="#">Privacy</a></li>
    </ul>
    <p>© 2021 The Daily Demo. A fictional newspaper: this page exists only to demonstrate WireTrace.</p>
  </footer>
</body>
</html>
`;
}

const outputs = [
  [join(root, 'data', 'demo-corpus.jsonl'), corpusJsonl()],
  [join(root, 'data', 'demo', 'index.html'), demoPage()],
];

let stale = 0;
for (const [path, content] of outputs) {
  let current = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing
  }
  if (current === content) {
    console.log(`unchanged ${path}`);
  } else if (check) {
    console.error(`differs   ${path}`);
    stale++;
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote     ${path}`);
  }
}
process.exit(stale ? 1 : 0);
