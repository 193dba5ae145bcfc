/**
 * The corpus the browser benchmark imports, and the pages it reads.
 *
 * - Articles: generated from the real AEB sentences (bench/corpus-gen.ts, seeded), plus the ground-truth
 *   articles of every other AEB page ("in corpus", as in test/e2e/aeb-pages.e2e.test.ts) so that those pages
 *   get highlights. A corpus of N articles is N − (AEB articles) generated ones + the AEB ones.
 * - Written as JSON Lines files of at most FILE_ARTICLES articles, to import through the options page.
 * - Pages: the 181 AEB pages (test/fixtures/aeb/html/*.html.gz), unpacked into a folder to serve by
 *   tools/browser/aeb-site.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aebPageIds } from '../../tools/browser/aeb-site';
import { CorpusGenerator, DEFAULT_GENERATOR, findGroundTruth, loadSentencePool } from '../corpus-gen';

/** Articles per JSONL file (a user importing a large corpus picks many files). */
export const FILE_ARTICLES = 10_000;

export interface AebSet {
  /** Page ids, sorted. */
  ids: string[];
  /** Ids whose ground-truth article is in the corpus. */
  inCorpus: Set<string>;
  /** JSON lines of the in-corpus articles. */
  lines: string[];
}

export function loadAeb(root: string): AebSet {
  const truth = JSON.parse(readFileSync(findGroundTruth(root), 'utf8')) as Record<string, { articleBody: string }>;
  const ids = aebPageIds();
  const inCorpus = new Set(ids.filter((_, i) => i % 2 === 0));
  // No url: the page must not be excluded as "the article itself".
  const lines = [...inCorpus].map((id) => JSON.stringify({ id: `aeb-${id}`, title: null, text: truth[id].articleBody }));
  return { ids, inCorpus, lines };
}

export interface CorpusFiles {
  files: string[];
  articles: number;
  generated: number;
  bytes: number;
  generateMs: number;
}

export class CorpusWriter {
  private gen: CorpusGenerator | null = null;

  constructor(
    private readonly aeb: AebSet,
    private readonly seed: number = DEFAULT_GENERATOR.seed,
  ) {}

  /** Writes a corpus of `articles` articles into `dir` (AEB articles first, then generated ones). */
  write(articles: number, dir: string): CorpusFiles {
    const t0 = Date.now();
    this.gen ??= new CorpusGenerator(loadSentencePool(), { ...DEFAULT_GENERATOR, seed: this.seed });
    const generated = Math.max(0, articles - this.aeb.lines.length);
    const docs = this.gen.generate(generated);
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    let bytes = 0;
    let lines: string[] = [...this.aeb.lines].slice(0, articles);
    const flush = (): void => {
      const file = join(dir, `corpus-${String(files.length).padStart(3, '0')}.jsonl`);
      const body = `${lines.join('\n')}\n`;
      writeFileSync(file, body);
      bytes += Buffer.byteLength(body);
      files.push(file);
      lines = [];
    };
    for (const d of docs) {
      lines.push(JSON.stringify(d.record));
      if (lines.length >= FILE_ARTICLES) flush();
    }
    if (lines.length > 0) flush();
    return { files, articles: Math.min(articles, this.aeb.lines.length) + generated, generated, bytes, generateMs: Date.now() - t0 };
  }
}
