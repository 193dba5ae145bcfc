/**
 * A deterministic synthetic corpus for the server tests: articles of random sentences, some sharing a
 * boilerplate line (over the document-frequency limit), some sharing passages, a few rewritten, plus
 * duplicates by id and by text; and pages spliced from several articles.
 */
import { rng } from '../../src/core/test/support/text-gen';

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'dul', 'pri', 'sen', 'gor', 'bel', 'nu', 'ste', 'fa', 'quin', 'har', 'zo', 'wim'];

export interface SyntheticCorpus {
  articles: Array<{ id: string; title: string; outlet: string; url: string; published: string; text: string }>;
  pages: string[];
}

export function syntheticCorpus(seed = 12): SyntheticCorpus {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const vocab = Array.from({ length: 2500 }, () => Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(SYLLABLES)).join(''));
  const sentence = (): string => {
    const n = 10 + Math.floor(rand() * 9);
    const w = Array.from({ length: n }, () => pick(vocab));
    return `${w[0][0].toUpperCase()}${w.join(' ').slice(1)}.`;
  };
  const paragraph = (n: number): string[] => Array.from({ length: n }, sentence);
  const boilerplate = 'Sign up for the morning briefing to get every story from the newsroom delivered to your inbox before breakfast each day.';
  const shared = paragraph(3); // run by 5 outlets: below the limit
  const common = paragraph(3); // run by 14 outlets: boilerplate for a corpus this size
  const articles: SyntheticCorpus['articles'] = [];
  const bodies: string[][] = [];
  for (let i = 0; i < 90; i++) {
    const body = paragraph(10 + Math.floor(rand() * 12));
    if (i % 2 === 0) body.push(boilerplate);
    if (i % 18 === 3) body.splice(4, 0, ...shared);
    if (i % 6 === 1 && i < 84) body.splice(2, 0, ...common);
    if (i % 15 === 7 && i > 0) {
      // A rewrite of the previous article: same sentences with a few words changed.
      const prev = bodies[i - 1].slice(0, 8).map((s) => s.split(' ').map((w, j) => (j % 5 === 2 ? pick(vocab) : w)).join(' '));
      body.splice(0, 0, ...prev);
    }
    bodies.push(body);
    articles.push({
      id: `syn-${i}`,
      title: `Synthetic story ${i}`,
      outlet: `Outlet ${i % 7}`,
      url: `https://news${i % 7}.example/story/${i}`,
      published: `2024-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:00:00Z`,
      text: body.join(' '),
    });
  }
  const pages: string[] = [];
  for (let p = 0; p < 5; p++) {
    const parts: string[] = [`Page ${p} headline`];
    for (let k = 0; k < 4; k++) {
      const src = bodies[Math.floor(rand() * bodies.length)];
      const from = Math.floor(rand() * Math.max(1, src.length - 3));
      parts.push(src.slice(from, from + 1 + Math.floor(rand() * 3)).join(' '));
      parts.push(paragraph(2).join(' '));
    }
    if (p % 2 === 0) parts.push(boilerplate, common.join(' '));
    if (p === 1) parts.push(shared.join(' '));
    // A reworded passage of an article (the reworded channel).
    if (p === 3) parts.push(bodies[7].slice(0, 5).map((s) => s.split(' ').map((w, j) => (j % 4 === 1 ? pick(vocab) : w)).join(' ')).join(' '));
    pages.push(parts.join('\n\n'));
  }
  return { articles, pages };
}
