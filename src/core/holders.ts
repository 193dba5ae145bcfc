/**
 * Which sources hold which page words, so that a verbatim span is only ever attributed to a source that
 * holds it in full.
 *
 * A source holds a page stretch **exactly** when the stretch lies on one exact block of its alignment: exact
 * runs that follow each other without a gap on the page and in the source, so the stretch's normalised
 * words occur in the source as they are. It holds a stretch **with edits** when the stretch lies inside one
 * of its verbatim passages (exact runs chained across edits of at most MAX_GAP_WORDS words, see align.ts).
 *
 * `split` re-cuts a stretch that the rank order gave to a source not holding it exactly, where the sources
 * that hold it change: from the stretch's first word, the best-ranked source holding it exactly takes the
 * words up to the end of its exact block, and so on (a source whose block would leave a piece too short to
 * report gives way to the one reaching farthest); a word no source holds exactly (an edit) stays with the
 * previous piece when that piece's passage bridges it, else with the owner. So a span stitched from two sources, or running on past the end of its source's passage into the
 * next paragraph, becomes spans each named after a source that holds it, while a copy with an edited word
 * stays one span of the source it was copied from.
 */
import type { Passage } from './align';

/** A piece of a page stretch and the source (and its passage) that holds it. */
export interface HeldPiece {
  source: number;
  passage: number;
  from: number;
  to: number;
}

/**
 * Pieces in page order, adjacent pieces of the same passage of one source joined (a stretch re-cut by
 * `split` often ends where that source's own stretch begins).
 */
export function joinPieces(pieces: HeldPiece[]): HeldPiece[] {
  const out: HeldPiece[] = [];
  for (const p of [...pieces].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && last.source === p.source && last.passage === p.passage && last.to === p.from) last.to = p.to;
    else out.push({ ...p });
  }
  return out;
}

/** Exact blocks and passages of one source, as sorted page token ranges. */
interface SourceHold {
  passages: Passage[];
  /** Exact blocks: page tokens [blockFrom[i], blockTo[i]), in page order. */
  blockFrom: number[];
  blockTo: number[];
}

/** Index of the last range with from ≤ t, or −1. */
function lastStartingAtOrBefore(from: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = from.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (from[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function sourceHold(passages: Passage[]): SourceHold {
  const blockFrom: number[] = [];
  const blockTo: number[] = [];
  for (const p of passages) {
    let sEnd = -1;
    for (const r of p.runs) {
      const last = blockTo.length - 1;
      if (last >= 0 && blockTo[last] === r.p && sEnd === r.s) blockTo[last] = r.p + r.len;
      else {
        blockFrom.push(r.p);
        blockTo.push(r.p + r.len);
      }
      sEnd = r.s + r.len;
    }
  }
  return { passages, blockFrom, blockTo };
}

export class Holders {
  private readonly holds: SourceHold[];

  /**
   * `passages[i]`: source i's verbatim passages in page order (as alignVerbatim returns them); `rank`:
   * negative when source a should own a passage both hold; `minPiece`: the shortest piece worth a span.
   */
  constructor(
    passages: Passage[][],
    private readonly rank: (a: number, b: number) => number,
    private readonly minPiece: number,
  ) {
    this.holds = passages.map(sourceHold);
  }

  /** End of source s's exact block holding page token t, or −1 when s does not hold t exactly. */
  exactEnd(s: number, t: number): number {
    const h = this.holds[s];
    const i = lastStartingAtOrBefore(h.blockFrom, t);
    return i >= 0 && t < h.blockTo[i] ? h.blockTo[i] : -1;
  }

  /** Index of source s's passage containing page token t, or −1. */
  passageAt(s: number, t: number): number {
    const ps = this.holds[s].passages;
    let lo = 0;
    let hi = ps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ps[mid].pStart <= t) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    return i >= 0 && t < ps[i].pEnd ? i : -1;
  }

  /** True when source s holds page tokens [from, to) exactly. */
  holdsExactly(s: number, from: number, to: number): boolean {
    return this.exactEnd(s, from) >= to;
  }

  /** True when source s holds page tokens [from, to) exactly or with edits (inside one passage). */
  holdsWithEdits(s: number, from: number, to: number): boolean {
    const i = this.passageAt(s, from);
    return i >= 0 && this.holds[s].passages[i].pEnd >= to;
  }

  /**
   * The source that takes the piece starting at page token t (capped at `to`): the best-ranked source
   * holding t exactly whose exact block gives a piece of at least `minPiece` words (or reaches `to`), else
   * the one whose block reaches farthest; source −1 when no source holds t exactly.
   */
  private holderAt(t: number, to: number): { source: number; reach: number } {
    let best = -1;
    let bestReach = -1;
    let farthest = -1;
    let farthestReach = -1;
    for (let s = 0; s < this.holds.length; s++) {
      const reach = Math.min(this.exactEnd(s, t), to);
      if (reach <= t) continue;
      if ((reach - t >= this.minPiece || reach === to) && (best < 0 || this.rank(s, best) < 0)) {
        best = s;
        bestReach = reach;
      }
      if (reach > farthestReach || (reach === farthestReach && this.rank(s, farthest) < 0)) {
        farthest = s;
        farthestReach = reach;
      }
    }
    return best >= 0 ? { source: best, reach: bestReach } : { source: farthest, reach: farthestReach };
  }

  /**
   * Cut page tokens [from, to), which source `owner`'s passage `passage` covers, into pieces each held in
   * full by its source (see the file comment). One piece when the owner holds it exactly.
   */
  split(owner: number, passage: number, from: number, to: number): HeldPiece[] {
    if (this.holdsExactly(owner, from, to)) return [{ source: owner, passage, from, to }];
    const pieces: HeldPiece[] = [];
    const add = (source: number, p: number, a: number, b: number): void => {
      const last = pieces[pieces.length - 1];
      // The same passage of the same source continues (across an edit it bridges): one piece.
      if (last && last.source === source && last.passage === p && last.to === a) last.to = b;
      else pieces.push({ source, passage: p, from: a, to: b });
    };
    for (let t = from; t < to; ) {
      const { source, reach } = this.holderAt(t, to);
      if (source >= 0) {
        add(source, this.passageAt(source, t), t, reach);
        t = reach;
        continue;
      }
      // An edit no source holds exactly: the previous piece keeps it when its passage bridges it.
      const last = pieces[pieces.length - 1];
      if (last && this.passageAt(last.source, t) === last.passage) add(last.source, last.passage, t, t + 1);
      else add(owner, passage, t, t + 1);
      t++;
    }
    return pieces;
  }

  /**
   * Sources other than `named` that hold page tokens [from, to) as `named` does: exactly when it holds
   * them exactly, else at least with edits.
   */
  others(named: number, from: number, to: number): number[] {
    const exact = this.holdsExactly(named, from, to);
    const out: number[] = [];
    for (let s = 0; s < this.holds.length; s++) {
      if (s === named) continue;
      if (exact ? this.holdsExactly(s, from, to) : this.holdsWithEdits(s, from, to)) out.push(s);
    }
    return out;
  }
}
