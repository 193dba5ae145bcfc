/**
 * The live-text index built in time slices (`indexLiveTextSliced`), and the engine's `tokenize` run in pieces
 * that give the main thread back (`tokenizeSliced`), so a huge page is never indexed in one long task.
 */
import { tokenize, type Tokens } from '@wiretrace/engine';
import { liveWalk, SEPARATOR, type LiveText } from './live-text';

/** Nodes walked between two looks at the clock when indexing in slices. */
const WALK_CHECK_NODES = 512;

/**
 * Characters tokenized between two looks at the clock when indexing in slices (≈1 ms of tokenizing on a
 * slow machine: 1,000,000 characters take 120–200 ms on 2 shared cores). Pieces are cut after line breaks (the
 * live text's block separators), where no word can continue, so the tokens are exactly those of one `tokenize`
 * of the whole text.
 */
export const TOKENIZE_PIECE_CHARS = 8_192;

/** What `indexLiveTextSliced` needs of a time slicer (scheduling.ts's ContentSlicer). */
export interface Slicer {
  due(): boolean;
  next(): Promise<void>;
}

/**
 * `indexLiveText` in slices: the walk and the tokenizing give the main thread back whenever `slicer` says the
 * slice is used up, so a page of tens of thousands of elements is never indexed in one long task. Returns the
 * same index as `indexLiveText` on an unchanged page; null when `isCurrent()` turns false between slices (a
 * newer check started). The page may change between slices: the caller watches for that (the Ranges built on
 * a stale index are clamped and fail soft, never throw).
 */
export async function indexLiveTextSliced(root: Element, slicer: Slicer, isCurrent: () => boolean = () => true): Promise<LiveText | null> {
  const walk = liveWalk(root);
  while (!walk.step(WALK_CHECK_NODES)) {
    if (!slicer.due()) continue;
    await slicer.next();
    if (!isCurrent()) return null;
  }
  const text = walk.parts.join('');
  const tokens = await tokenizeSliced(text, slicer, isCurrent);
  if (tokens === null) return null;
  return { doc: root.ownerDocument, text, nodes: walk.nodes, nodeStarts: Uint32Array.from(walk.starts), tokens };
}

/**
 * `tokenize(text)` in pieces of about TOKENIZE_PIECE_CHARS cut after a line break (where no word continues: the
 * live text's block separator, and whitespace in any text), giving the main thread back whenever `slicer` says
 * so. The same tokens as one `tokenize`; null when `isCurrent()` turns false between pieces.
 */
export async function tokenizeSliced(
  text: string,
  slicer: Slicer,
  isCurrent: () => boolean = () => true,
  pieceChars = TOKENIZE_PIECE_CHARS,
): Promise<Tokens | null> {
  const pieces: Tokens[] = [];
  const offsets: number[] = [];
  for (let from = 0; from < text.length; ) {
    const cut = text.indexOf(SEPARATOR, from + pieceChars);
    const to = cut < 0 ? text.length : cut + SEPARATOR.length;
    pieces.push(tokenize(text.slice(from, to)));
    offsets.push(from);
    from = to;
    if (from < text.length && slicer.due()) {
      await slicer.next();
      if (!isCurrent()) return null;
    }
  }
  return pieces.length === 0 ? tokenize(text) : joinTokens(text, pieces, offsets);
}

/** Tokens of consecutive pieces of `text` (piece i starts at offsets[i]) as the tokens of the whole text. */
export function joinTokens(text: string, pieces: readonly Tokens[], offsets: readonly number[]): Tokens {
  if (pieces.length === 1 && offsets[0] === 0) return { ...pieces[0], text };
  let length = 0;
  for (const p of pieces) length += p.length;
  const words: string[] = new Array<string>(length);
  const starts = new Uint32Array(length);
  const ends = new Uint32Array(length);
  const hashes = new Uint32Array(length);
  let k = 0;
  pieces.forEach((p, i) => {
    const off = offsets[i];
    for (let j = 0; j < p.length; j++, k++) {
      words[k] = p.words[j];
      starts[k] = p.starts[j] + off;
      ends[k] = p.ends[j] + off;
      hashes[k] = p.hashes[j];
    }
  });
  return { text, words, starts, ends, hashes, length };
}
