/**
 * Pure geometry for the overlay, with no DOM: turning a Range's client rects into the few boxes that are drawn,
 * and hit-testing the pointer against them. Coordinates are relative to the overlay host, which sits at the
 * document's origin, so they do not change when the window scrolls.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Rects narrower or lower than this (in CSS px) are collapsed line ends and empty inline elements: not drawn. */
const MIN_SIDE = 0.5;

/** Slack for "contains" and "touches" comparisons: browsers report fractional, slightly inconsistent rects. */
const EPSILON = 1;

/**
 * Two rects are on the same line when they overlap vertically by at least this share of the lower one (inline
 * elements with another font size are a little taller or shorter than the text around them).
 */
const SAME_LINE_OVERLAP = 0.5;

/**
 * Above this many rects for one Range, the quadratic "drop rects that contain others" pass is skipped: the
 * boxes may then double up where element boxes and text boxes coincide, which only darkens the fill.
 */
const MAX_RECTS_FOR_CONTAINMENT = 400;

const contains = (a: Box, b: Box): boolean =>
  a.left <= b.left + EPSILON &&
  a.top <= b.top + EPSILON &&
  a.left + a.width >= b.left + b.width - EPSILON &&
  a.top + a.height >= b.top + b.height - EPSILON;

const same = (a: Box, b: Box): boolean =>
  Math.abs(a.left - b.left) <= EPSILON &&
  Math.abs(a.top - b.top) <= EPSILON &&
  Math.abs(a.width - b.width) <= EPSILON &&
  Math.abs(a.height - b.height) <= EPSILON;

/**
 * The boxes to draw for one Range, from its client rects (already made relative to the host). `Range.getClientRects`
 * lists the text of every line AND the border box of every element wholly inside the range: an <a> or <em> repeats
 * its text's rect (a little taller), a <p> inside a multi-paragraph range covers its whole block, margins and all.
 * So: tiny rects are dropped, rects that contain another one are dropped (element boxes around their text), and
 * what remains is merged into one box per line run (adjacent pieces of one line touch or overlap).
 */
export function boxesFromRects(rects: readonly Box[]): Box[] {
  let list = rects.filter((r) => r.width >= MIN_SIDE && r.height >= MIN_SIDE);
  if (list.length <= MAX_RECTS_FOR_CONTAINMENT) {
    list = list.filter((r, i) => {
      for (let j = 0; j < list.length; j++) {
        if (j === i) continue;
        const o = list[j];
        if (same(r, o)) {
          if (j < i) return false; // a duplicate: keep the first
        } else if (contains(r, o)) {
          return false;
        }
      }
      return true;
    });
  }
  list.sort((a, b) => a.top - b.top || a.left - b.left);
  const out: Box[] = [];
  for (const r of list) {
    const last = out[out.length - 1];
    if (last !== undefined && sameLine(last, r) && r.left <= last.left + last.width + EPSILON) {
      const right = Math.max(last.left + last.width, r.left + r.width);
      const bottom = Math.max(last.top + last.height, r.top + r.height);
      last.left = Math.min(last.left, r.left);
      last.top = Math.min(last.top, r.top);
      last.width = right - last.left;
      last.height = bottom - last.top;
    } else {
      out.push({ left: r.left, top: r.top, width: r.width, height: r.height });
    }
  }
  return out;
}

function sameLine(a: Box, b: Box): boolean {
  const overlap = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return overlap >= SAME_LINE_OVERLAP * Math.min(a.height, b.height);
}

/** Extra reach of the pointer around each box, so that the gap between lines of one passage does not flicker. */
export const HIT_SLOP = 2;

/**
 * The passage under the point (host coordinates), or -1. `boxes[i]` are passage i's boxes. Where passages
 * overlap (one passage attributed to several sources, nested spans), the one with the smallest box under the
 * pointer wins: it is the more specific one. A linear scan: a page has at most a few thousand boxes and this
 * runs at most once per animation frame.
 */
export function hitTest(boxes: readonly (readonly Box[])[], x: number, y: number, slop = HIT_SLOP): number {
  let best = -1;
  let bestArea = Infinity;
  for (let i = 0; i < boxes.length; i++) {
    for (const b of boxes[i]) {
      if (x < b.left - slop || x > b.left + b.width + slop || y < b.top - slop || y > b.top + b.height + slop) continue;
      const area = b.width * b.height;
      if (area < bestArea) {
        best = i;
        bestArea = area;
      }
    }
  }
  return best;
}

/** The smallest box holding all of `boxes`, or null when there are none. */
export function bounds(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const b of boxes) {
    left = Math.min(left, b.left);
    top = Math.min(top, b.top);
    right = Math.max(right, b.left + b.width);
    bottom = Math.max(bottom, b.top + b.height);
  }
  return { left, top, width: right - left, height: bottom - top };
}

/** Parses `rgb()`/`rgba()` as getComputedStyle reports colours: [r, g, b, alpha], or null. */
export function parseRgb(color: string): [number, number, number, number] | null {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i.exec(color.trim());
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), alpha];
}

/**
 * Relative luminance (WCAG) below which a background counts as dark. 0.2 sits between mid-grey (#777 ≈ 0.18
 * reads as dark UI) and the light greys and creams of light themes (#ccc ≈ 0.6, #fbfaf7 ≈ 0.95).
 */
const DARK_LUMINANCE = 0.2;

/** Whether an opaque-enough computed background colour is dark; null when it is transparent or unreadable. */
export function isDarkBackground(color: string): boolean | null {
  const rgb = parseRgb(color);
  if (rgb === null || rgb[3] < 0.5) return null;
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
  return l < DARK_LUMINANCE;
}
