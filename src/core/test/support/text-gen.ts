/**
 * Seeded, deterministic text generators for tests: a PRNG and random English-like sentences and paragraphs.
 * Engine-free (it imports nothing from the engine), so the repository's other tests may borrow it too.
 */
/** Seeded PRNG (mulberry32): the same seed always gives the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** A fixed list of ordinary English words (no stop-word-only texts, no quotes, no punctuation). */
export const WORDS = (
  'account action activity address advice agency agreement airport amount analysis animal answer ' +
  'application approach area argument army article artist attack attempt attention audience author ' +
  'authority balance bank basis battle beach bedroom benefit bird blood board boat body bone border ' +
  'bottle bridge budget building business camera campaign capital career carpet castle cattle ceiling ' +
  'century chain chairman champion channel chapter charity chicken church circle citizen climate coast ' +
  'coffee college colony comment committee community company computer concert conflict congress contract ' +
  'council country county courage court crisis critic culture customer damage danger daughter debate ' +
  'decade decision defence deficit delivery demand desert design detail device diamond dinner director ' +
  'disaster discovery disease distance district doctor dollar drawing driver economy editor education ' +
  'effort election element emergency empire energy engine engineer entrance equipment estate evening ' +
  'evidence exchange exercise expert factory failure family farmer fashion feature festival figure finance ' +
  'flight flower football forest fortune freedom friend frontier funeral garden gateway general glass ' +
  'government governor granite grocery guitar harbour harvest heading health heritage highway history ' +
  'holiday hospital hotel household housing hunter husband illness income industry infant inflation ' +
  'injury insect inspector island journal journey judge justice kitchen knowledge labour ladder landscape ' +
  'language lawyer leader leather lecture library licence lighthouse literature location machine magazine ' +
  'manager market marriage meadow measure medicine meeting member memory merchant message metal midnight ' +
  'minister mission monument morning mountain museum musician nation network newspaper novel officer ' +
  'orchestra orange painting palace parliament passenger patient pattern payment peasant pension pepper ' +
  'phone picture pilot planet platform pocket poetry police policy portrait potato poverty president ' +
  'prison problem process product professor profit program project property protest province pupil ' +
  'quarter question railway reader reform region religion report republic research resource restaurant ' +
  'revenue revolution river robot rocket salary sailor scandal schedule scholar science season secret ' +
  'senate servant session settlement shadow shelter shipment shoulder signal silver singer sister ' +
  'society soldier solution speaker spirit stadium station statue storm stranger strategy street student ' +
  'studio subject summer supply surgeon survey symbol system teacher temple tenant territory theatre ' +
  'thunder ticket timber tobacco tourist tower tractor traffic treasure treaty tribunal trouble tunnel ' +
  'uncle union university valley vehicle venture version victory village violin visitor volume voter ' +
  'wagon warehouse weapon weather wedding welfare widow winter witness worker writer yacht youth ' +
  'quickly slowly bravely calmly eagerly gently openly quietly rarely wisely boldly ' +
  'ancient bright careful distant eastern frozen golden hidden modern narrow northern silent western ' +
  'arrived borrowed carried defended examined followed gathered launched measured painted rescued visited'
).split(' ');

/** A random sentence of `lo`..`hi` words from WORDS, capitalised and ending with a period. */
export function sentence(rand: () => number, lo = 8, hi = 18, words: readonly string[] = WORDS): string {
  const n = randInt(rand, lo, hi);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(rand, words));
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return out.join(' ') + '.';
}

/** Random paragraph text of at least `minWords` words. */
export function filler(rand: () => number, minWords: number, words: readonly string[] = WORDS): string {
  const sentences: string[] = [];
  let count = 0;
  while (count < minWords) {
    const s = sentence(rand, 8, 18, words);
    count += s.split(' ').length;
    sentences.push(s);
  }
  return sentences.join(' ');
}

/** Paragraphs (each `wordsPer` words or so), joined by blank lines. */
export function paragraphs(rand: () => number, count: number, wordsPer: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(filler(rand, wordsPer));
  return out;
}

/**
 * `count` pages that each copy three passages (about 250 characters, cut at spaces) from random texts of
 * `sources`, between random filler: what a page that reuses wire copy looks like to the engine.
 */
export function excerptPages(rand: () => number, sources: readonly string[], count: number): string[] {
  const pages: string[] = [];
  for (let p = 0; p < count; p++) {
    const parts = [filler(rand, 80)];
    for (let k = 0; k < 3; k++) {
      const src = sources[randInt(rand, 0, sources.length - 1)];
      const from = randInt(rand, 0, Math.max(0, src.length - 300));
      const cut = src.slice(from, from + 250);
      parts.push(cut.slice(cut.indexOf(' ') + 1, cut.lastIndexOf(' ')), filler(rand, 40));
    }
    pages.push(parts.join(' '));
  }
  return pages;
}
